namespace Agent.Activities.Coordination.Spawning;

/// <summary>
/// Spawning's table in coordination.db: one row per spawn request, keyed by the request id, so a re-run after a crash
/// finds the row and starts no second agent. New table only (<c>CREATE … IF NOT EXISTS</c>), so older files gain it on first open.
/// </summary>
public static class SpawnSchema
{
    /// <summary>The statements, appended to the coordination database's schema.</summary>
    public const string Sql = """

        -- status: queued (over Coordination:MaxAgents), admitted (holds a slot, worker not yet started), started, stopped.
        CREATE TABLE IF NOT EXISTS spawn_requests (
            seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, agent_id TEXT NOT NULL UNIQUE, role TEXT NOT NULL,
            parent_id TEXT, correlation_id TEXT, max_usd REAL, max_tokens INTEGER, permission_mode TEXT NOT NULL,
            status TEXT NOT NULL, instance_id TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_spawn_requests_status ON spawn_requests (status, seq);
        """;
}
