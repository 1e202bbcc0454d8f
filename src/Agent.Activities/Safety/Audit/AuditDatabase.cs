using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Agent.Activities.Safety.Audit;

/// <summary>
/// The audit's SQLite file: the hash-chained <c>audit_log</c> and the <c>webhook_outbox</c> that is filled in the same
/// transaction. The triggers refuse UPDATE and DELETE on the log; they are a speed bump, not the protection — anyone with
/// the file can drop them, which is why <see cref="AuditVerifier"/> recomputes the chain instead of trusting them.
/// </summary>
public sealed class AuditDatabase
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS audit_log (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, at TEXT NOT NULL, kind TEXT NOT NULL,
            actor TEXT NOT NULL, summary TEXT NOT NULL, data TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_audit_log_kind ON audit_log (kind, seq);
        CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
        CREATE TABLE IF NOT EXISTS webhook_outbox (id INTEGER PRIMARY KEY, event_id TEXT NOT NULL, kind TEXT NOT NULL, url TEXT NOT NULL,
            format TEXT NOT NULL, body TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT NOT NULL, last_error TEXT, delivered_at TEXT, created_at TEXT NOT NULL, UNIQUE (event_id, url));
        CREATE INDEX IF NOT EXISTS ix_webhook_outbox_due ON webhook_outbox (status, next_attempt_at);
        """;

    private readonly SqliteSchemaFile _file;

    /// <summary>Uses the SQLite file at <paramref name="path"/> (created with its folder when missing).</summary>
    public AuditDatabase(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException("The audit database path (Safety:Audit:DatabasePath) is empty; give a file such as .data/audit.db.", nameof(path));
        FilePath = Path.GetFullPath(path);
        _file = new SqliteSchemaFile(FilePath, Schema);
    }

    /// <summary>The database file's full path.</summary>
    public string FilePath { get; }

    /// <summary>The anchor file next to the database (the last seq and hash written).</summary>
    public string AnchorPath => AuditOptions.AnchorPathFor(FilePath);

    /// <summary>How times are stored: ISO 8601 UTC round-trip, which also sorts as text.</summary>
    public static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>An open connection (schema applied).</summary>
    public Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => _file.OpenAsync(cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> in one <c>BEGIN IMMEDIATE</c> transaction: the write lock is taken before anything is
    /// read, so reading the last hash and appending after it is atomic across processes (the server and a CLI).
    /// </summary>
    public async Task<T> InTransactionAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "BEGIN IMMEDIATE", cancellationToken);
        try
        {
            var result = await work(connection);
            await ExecuteAsync(connection, "COMMIT", cancellationToken);
            return result;
        }
        catch
        {
            await ExecuteAsync(connection, "ROLLBACK", CancellationToken.None);
            throw;
        }
    }

    /// <summary>Runs one statement with named parameters; returns the rows changed.</summary>
    public static async Task<int> ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A command with named parameters (null becomes SQL NULL).</summary>
    public static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }
}
