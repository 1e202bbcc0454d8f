using System.Buffers;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Agent.Workflows.Persistence.Sqlite;

/// <summary>
/// One statement prepared once on the commit connection and stepped through SQLite's own API, with values bound by
/// position straight from the caller's strings and numbers.
/// </summary>
/// <remarks>
/// A prepared <see cref="SqliteCommand"/> still costs, on every execution, a parameter-name lookup, a binder object,
/// a boxed value and a UTF-8 copy per parameter, plus a data reader, an iterator and a stopwatch per statement: about
/// 5 KB and a third of the commit's CPU time when measured. Here a string is encoded to UTF-8 on the stack (the
/// bytes Microsoft.Data.Sqlite would have stored: the same <see cref="Encoding.UTF8"/>) and SQLite copies what is
/// bound (SQLITE_TRANSIENT), so nothing outlives the call. Errors surface as the <see cref="SqliteException"/>
/// Microsoft.Data.Sqlite raises. Not thread-safe; <see cref="SqliteCommitWriter"/> serializes access.
/// </remarks>
internal sealed class SqliteStatement : IDisposable
{
    // Short strings (ids, names, status texts) are encoded on the stack; longer ones in a rented array.
    private const int StackLimit = 512;
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _stmt;

    public SqliteStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The commit connection must be open before statements are prepared on it.");
        // PERSISTENT: the statement lives as long as the connection, so SQLite keeps it out of its short-lived lookaside memory.
        var rc = raw.sqlite3_prepare_v3(_db, sql, raw.SQLITE_PREPARE_PERSISTENT, out var stmt);
        if (rc == raw.SQLITE_OK && stmt is not null) _stmt = stmt;
        else
        {
            stmt?.Dispose();
            throw Failure(rc);
        }
    }

    public void Bind(int index, string? value)
    {
        if (value is null)
        {
            Check(raw.sqlite3_bind_null(_stmt, index));
            return;
        }
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = null;
        // Sized to the string: the runtime zeroes what is stack-allocated.
        var buffer = max <= StackLimit ? stackalloc byte[max] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var length = Encoding.UTF8.GetBytes(value, buffer);
            Check(raw.sqlite3_bind_text(_stmt, index, buffer[..length]));
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Binds text already encoded as UTF-8 (the state JSON).</summary>
    public void BindUtf8(int index, ReadOnlySpan<byte> utf8) => Check(raw.sqlite3_bind_text(_stmt, index, utf8));

    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_stmt, index, value));

    public void Bind(int index, long? value) => Check(value is { } v ? raw.sqlite3_bind_int64(_stmt, index, v) : raw.sqlite3_bind_null(_stmt, index));

    public void Bind(int index, double value) => Check(raw.sqlite3_bind_double(_stmt, index, value));

    /// <summary>Runs the statement to completion and returns the number of rows it changed.</summary>
    public int Execute()
    {
        var rc = raw.sqlite3_step(_stmt);
        try
        {
            if (rc != raw.SQLITE_DONE && rc != raw.SQLITE_ROW) throw Failure(rc);
            return raw.sqlite3_changes(_db);
        }
        finally
        {
            // Reset at once, error or not: a statement left active would keep its read of the database open.
            raw.sqlite3_reset(_stmt);
        }
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK) throw Failure(rc);
    }

    // The exception Microsoft.Data.Sqlite raises for the code, with SQLite's message for the connection.
    private SqliteException Failure(int rc)
    {
        SqliteException.ThrowExceptionForRC(rc, _db);
        return new SqliteException($"SQLite reported error {rc} without a message.", rc);
    }

    public void Dispose() => _stmt.Dispose();
}
