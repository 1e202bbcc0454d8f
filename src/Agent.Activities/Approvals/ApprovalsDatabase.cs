using Agent.Activities.Approvals.PostgreSql;
using Agent.Activities.Persistence;
using Agent.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Agent.Activities.Approvals;

/// <summary>The approvals audit's database: its SQLite file (by default the engine's <c>agent.db</c>) or schema <c>approvals</c>.</summary>
public sealed class ApprovalsDatabase(DatabaseOptions database, string path) : RawStoreDatabase<ApprovalsDbContext>(database,
    new SqlStoreSettings(path, PostgresApprovalsDbContext.Schema, "approvals database", "Approvals:DatabasePath"), "approval_decisions", """
        CREATE TABLE IF NOT EXISTS approval_decisions (
            approval_id TEXT PRIMARY KEY, instance_id TEXT NOT NULL, decision TEXT NOT NULL, decided_by TEXT NOT NULL,
            comment TEXT, decided_at TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_approval_decisions_instance ON approval_decisions (instance_id);
        """)
{
    /// <inheritdoc />
    protected override ApprovalsDbContext CreateContext(DbContextOptions options, DatabaseProvider provider) =>
        provider == DatabaseProvider.PostgreSql ? new PostgresApprovalsDbContext(options) : new ApprovalsDbContext((DbContextOptions<ApprovalsDbContext>)options);
}
