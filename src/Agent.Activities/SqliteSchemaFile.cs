using Microsoft.Data.Sqlite;

namespace Agent.Activities;

/// <summary>
/// A small SQLite file owned by one store: opened without pooling (several processes share it), in WAL mode, with a
/// generous busy timeout, and with its schema (idempotent <c>CREATE … IF NOT EXISTS</c>) applied once per process.
/// </summary>
public sealed class SqliteSchemaFile
{
    private readonly string _connectionString;
    private readonly string _schema;
    private readonly SemaphoreSlim _init = new(1, 1);
    private bool _initialized;

    /// <summary>Uses the file at <paramref name="path"/> (its folder is created) with <paramref name="schema"/>.</summary>
    /// <param name="path">The SQLite file.</param>
    /// <param name="schema">Idempotent <c>CREATE … IF NOT EXISTS</c> statements.</param>
    /// <param name="pooling">
    /// Keep closed connections open for reuse. Off by default; a store on a hot path turns it on (opening a SQLite
    /// connection costs more than most of its queries). Other processes still share the file safely: SQLite's locks
    /// are per file, not per connection string.
    /// </param>
    public SqliteSchemaFile(string path, string schema, bool pooling = false)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = pooling, DefaultTimeout = 30 }.ToString();
        _schema = schema;
    }

    /// <summary>An open connection; the first one of this process applies the schema.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        if (_initialized) return connection;
        await _init.WaitAsync(cancellationToken);
        try
        {
            if (!_initialized)
            {
                await using var create = connection.CreateCommand();
                create.CommandText = "PRAGMA journal_mode = WAL;\n" + _schema;
                await create.ExecuteNonQueryAsync(cancellationToken);
                _initialized = true;
            }
        }
        finally
        {
            _init.Release();
        }
        return connection;
    }
}
