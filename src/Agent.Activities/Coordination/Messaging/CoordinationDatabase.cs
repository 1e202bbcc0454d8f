using System.Data.Common;
using Agent.Activities.Coordination.Persistence;
using Agent.Activities.Persistence;
using Agent.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Agent.Activities.Coordination.Messaging;

/// <summary>
/// The coordination database (<c>coordination.db</c> in the agent's data directory, <c>Coordination:DatabasePath</c>):
/// the agents registry, the messages, one delivery row per message and recipient, and the task queue (see
/// <see cref="Distribution.TaskSchema"/>). Kept apart from the engine's
/// file, so the recovery pass of <see cref="MessageDispatcher"/> repairs the gap between a stored message and the
/// workflow it resumes. Under <c>Database:Provider = PostgreSql</c> it is schema <c>coordination</c> of the shared
/// database instead. The tables are owned by <see cref="CoordinationDbContext"/>'s migrations; a file made by the DDL
/// below (before the migrations) is baselined on first open.
/// </summary>
public sealed class CoordinationDatabase : SqlStoreDatabase<CoordinationDbContext>
{
    // The DDL files were made with before the schema had migrations: kept for the baseline of such files only.
    private const string LegacySchema = """
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

    // Columns the old code added to older files on first open (ALTER TABLE cannot say IF NOT EXISTS); the baseline adds them too.
    private static readonly LegacyColumn[] AddedColumns = [new("agents", "parent_id", "TEXT")];

    /// <summary>The coordination database as SQLite file <paramref name="path"/> (created with its folder when missing).</summary>
    public CoordinationDatabase(string path) : this(new DatabaseOptions(), path)
    {
    }

    /// <summary>
    /// The coordination database as <paramref name="database"/> says: the SQLite file at <paramref name="path"/>, or
    /// schema <c>coordination</c> of the shared PostgreSQL database.
    /// </summary>
    public CoordinationDatabase(DatabaseOptions database, string path)
        : base(database, new SqlStoreSettings(path, PostgresCoordinationDbContext.Schema, "coordination database", "Coordination:DatabasePath")
        {
            // Pooled: a send opens a few connections, and an unpooled open cost more than all of a send's queries in the
            // message-delivery benchmark (p50 3.0 ms of CPU unpooled, 1.8 ms pooled).
            SqlitePooling = true,
            // As the engine's store does: NORMAL spares an fsync per commit, most of a send's tail latency on a busy disk.
            SqliteSynchronousNormal = true,
            Legacy = new LegacySqliteSchema("agents", LegacySchema, AddedColumns),
        })
    {
    }

    /// <inheritdoc />
    protected override CoordinationDbContext CreateContext(DbContextOptions options, DatabaseProvider provider) =>
        provider == DatabaseProvider.PostgreSql ? new PostgresCoordinationDbContext(options) : new CoordinationDbContext((DbContextOptions<CoordinationDbContext>)options);

    /// <summary>A time as stored (round-trip, UTC).</summary>
    public static string Time(DateTimeOffset at) => SqlStoreCommands.Time(at);

    /// <summary>A stored time, or null.</summary>
    public static DateTimeOffset? ReadTime(DbDataReader reader, int ordinal) => SqlStoreCommands.ReadTime(reader, ordinal);

    /// <summary>A command on <paramref name="connection"/> with <paramref name="sql"/> and parameters (name, value; null as DBNull).</summary>
    public static DbCommand Command(DbConnection connection, string sql, params (string Name, object? Value)[] parameters) =>
        SqlStoreCommands.Command(connection, null, sql, parameters);

    /// <summary>A command inside <paramref name="transaction"/> (required while one is open on the connection).</summary>
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters) =>
        SqlStoreCommands.Command(connection, transaction, sql, parameters);
}
