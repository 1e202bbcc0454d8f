using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Agent.Activities.Coordination.Messaging;

/// <summary>
/// The coordination database (<c>coordination.db</c> in the agent's data directory, <c>Coordination:DatabasePath</c>):
/// the agents registry, the messages, one delivery row per message and recipient, and the task queue (see
/// <see cref="Distribution.TaskSchema"/>). Kept apart from the engine's
/// file, so the recovery pass of <see cref="MessageDispatcher"/> repairs the gap between a stored message and the
/// workflow it resumes.
/// </summary>
public sealed class CoordinationDatabase
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS agents (
            id TEXT PRIMARY KEY, role TEXT NOT NULL, status TEXT NOT NULL,
            created_at TEXT NOT NULL, updated_at TEXT NOT NULL, last_seen_at TEXT);
        CREATE INDEX IF NOT EXISTS ix_agents_role ON agents (role);
        CREATE TABLE IF NOT EXISTS messages (
            seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, sender TEXT NOT NULL,
            recipient TEXT NOT NULL, correlation_id TEXT, payload TEXT NOT NULL, created_at TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_messages_sender ON messages (sender);
        CREATE TABLE IF NOT EXISTS deliveries (
            message_seq INTEGER NOT NULL REFERENCES messages (seq), agent_id TEXT NOT NULL, state TEXT NOT NULL,
            delivered_at TEXT, acked_at TEXT, consumer TEXT, PRIMARY KEY (message_seq, agent_id));
        CREATE INDEX IF NOT EXISTS ix_deliveries_agent_state ON deliveries (agent_id, state, message_seq);
        -- One workflow execution takes at most one message: its execution id is the claim's idempotency key.
        CREATE UNIQUE INDEX IF NOT EXISTS ux_deliveries_workflow_consumer ON deliveries (consumer) WHERE consumer LIKE 'workflow:%';
        -- Emergent-behaviour detection: one row per distinct piece of evidence (its fingerprint), and the published_at
        -- column is the outbox for the safety event, so a crash between storing and publishing loses nothing.
        CREATE TABLE IF NOT EXISTS incidents (
            id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL UNIQUE, detector TEXT NOT NULL, agents TEXT NOT NULL,
            summary TEXT NOT NULL, evidence TEXT NOT NULL, action TEXT NOT NULL, at TEXT NOT NULL, published_at TEXT);
        CREATE INDEX IF NOT EXISTS ix_incidents_at ON incidents (at);
        -- Coordination-wide switches (paused, spawns_stopped), persisted so every process and restart sees them.
        CREATE TABLE IF NOT EXISTS coordination_control (
            name TEXT PRIMARY KEY, reason TEXT NOT NULL, set_at TEXT NOT NULL, set_by TEXT NOT NULL);
        """ + Distribution.TaskSchema.Sql + Spawning.SpawnSchema.Sql + Consensus.ConsensusSchema.Sql;

    // Columns added after the first release of a table: added to an older file on first open (ALTER TABLE cannot say IF NOT EXISTS).
    private static readonly (string Table, string Column, string Definition)[] AddedColumns =
    [
        ("agents", "parent_id", "TEXT"),
    ];

    private readonly SqliteSchemaFile _file;
    private readonly SemaphoreSlim _migration = new(1, 1);
    private bool _migrated;

    /// <summary>Uses the SQLite file at <paramref name="path"/> (created with its folder when missing).</summary>
    public CoordinationDatabase(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException("The coordination database path (Coordination:DatabasePath) is empty; set it to a file, e.g. .data/coordination.db.", nameof(path));
        Path = System.IO.Path.GetFullPath(path);
        // Pooled: a send opens a few connections, and an unpooled open cost more than all of a send's queries in the
        // message-delivery benchmark (p50 3.0 ms of CPU unpooled, 1.8 ms pooled).
        _file = new SqliteSchemaFile(Path, Schema, pooling: true);
    }

    /// <summary>The SQLite file.</summary>
    public string Path { get; }

    /// <summary>An open connection on the migrated file, with <c>synchronous=NORMAL</c>.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await _file.OpenAsync(cancellationToken);
        // As the engine's store does: in WAL mode NORMAL loses no committed data when a process dies (only on power
        // loss), and it spares an fsync per commit, which on a busy disk is most of a send's tail latency.
        await using var pragma = Command(connection, "PRAGMA synchronous = NORMAL");
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        if (!_migrated) await AddMissingColumnsAsync(connection, cancellationToken);
        return connection;
    }

    private async Task AddMissingColumnsAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await _migration.WaitAsync(cancellationToken);
        try
        {
            if (_migrated) return;
            foreach (var (table, column, definition) in AddedColumns)
            {
                await using var info = Command(connection, "SELECT COUNT(*) FROM pragma_table_info($table) WHERE name = $column", ("$table", table), ("$column", column));
                if ((long)(await info.ExecuteScalarAsync(cancellationToken))! > 0) continue;
                try
                {
                    // The table and column names are the constants above, never input.
                    await using var alter = Command(connection, $"ALTER TABLE {table} ADD COLUMN {column} {definition}");
                    await alter.ExecuteNonQueryAsync(cancellationToken);
                }
                catch (SqliteException e) when (e.Message.Contains("duplicate column", StringComparison.OrdinalIgnoreCase))
                {
                    // Another process added it between the check and the ALTER.
                }
            }
            _migrated = true;
        }
        finally
        {
            _migration.Release();
        }
    }

    /// <summary>
    /// Starts a write transaction. Microsoft.Data.Sqlite begins it IMMEDIATE (not deferred), so it takes the write lock at
    /// once and its reads and writes see one state even with another process writing.
    /// </summary>
    public static SqliteTransaction BeginWrite(SqliteConnection connection) => connection.BeginTransaction(deferred: false);

    /// <summary>A time as stored (round-trip, UTC).</summary>
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>A stored time, or null.</summary>
    public static DateTimeOffset? ReadTime(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTimeOffset.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    /// <summary>A command on <paramref name="connection"/> with <paramref name="sql"/> and parameters (name, value; null as DBNull).</summary>
    public static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters) =>
        Command(connection, null, sql, parameters);

    /// <summary>A command inside <paramref name="transaction"/> (required while one is open on the connection).</summary>
    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }
}
