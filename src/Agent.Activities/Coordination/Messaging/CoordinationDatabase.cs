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
        """ + Distribution.TaskSchema.Sql;

    private readonly SqliteSchemaFile _file;

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
        return connection;
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
