namespace Agent.Activities.Coordination.Distribution;

/// <summary>
/// The task queue's tables in coordination.db. New tables only (<c>CREATE … IF NOT EXISTS</c>), so a database made
/// before task distribution gains them on first open and its <c>agents</c> rows stay as they were.
/// </summary>
public static class TaskSchema
{
    /// <summary>The statements, appended to the coordination database's schema.</summary>
    public const string Sql = """

        CREATE TABLE IF NOT EXISTS tasks (
            seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, role TEXT NOT NULL,
            capabilities TEXT NOT NULL, payload TEXT NOT NULL, correlation_id TEXT, status TEXT NOT NULL,
            lease_owner TEXT, lease_expires_at TEXT, consumer TEXT, attempts INTEGER NOT NULL DEFAULT 0, reason TEXT,
            result TEXT, created_at TEXT NOT NULL, queued_at TEXT NOT NULL, leased_at TEXT, updated_at TEXT NOT NULL,
            finished_at TEXT);
        CREATE INDEX IF NOT EXISTS ix_tasks_status_role ON tasks (status, role, queued_at, seq);
        CREATE INDEX IF NOT EXISTS ix_tasks_owner ON tasks (lease_owner, status);
        -- One workflow execution holds at most one task: its execution id is the lease's idempotency key.
        CREATE UNIQUE INDEX IF NOT EXISTS ux_tasks_workflow_consumer ON tasks (consumer) WHERE consumer LIKE 'workflow:%';
        -- Capabilities beyond an agent's role (a side table, so the agents table keeps its shape).
        CREATE TABLE IF NOT EXISTS agent_capabilities (
            agent_id TEXT PRIMARY KEY REFERENCES agents (id), capabilities TEXT NOT NULL, source TEXT NOT NULL, updated_at TEXT NOT NULL);
        """;
}
