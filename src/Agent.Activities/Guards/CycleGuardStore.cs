using System.Globalization;
using Agent.Activities.Guards.PostgreSql;
using Agent.Activities.Persistence;
using Agent.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Agent.Activities.Guards;

/// <summary>
/// The guard's counters — cycles started (with their spend), attempts per gap, parked gaps — in a SQLite file (by default
/// the engine's <c>agent.db</c>) or schema <c>guards</c> on PostgreSQL.
/// </summary>
public sealed class CycleGuardStore
{
    private readonly GuardsDatabase _database;

    /// <summary>Uses the SQLite file at <paramref name="path"/>.</summary>
    public CycleGuardStore(string path) : this(path, new DatabaseOptions()) { }

    /// <summary>Uses the file at <paramref name="path"/> or, when <paramref name="database"/> says PostgreSQL, schema <c>guards</c>.</summary>
    public CycleGuardStore(string path, DatabaseOptions database) => _database = new GuardsDatabase(database, path);

    /// <summary>The database behind the store.</summary>
    public GuardsDatabase Database => _database;

    internal static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction (SQLite <c>BEGIN IMMEDIATE</c>, PostgreSQL an advisory lock
    /// of the store), so check-then-write is atomic across processes and replicas.
    /// </summary>
    public Task<T> InTransactionAsync<T>(Func<SqlSession, Task<T>> work, CancellationToken cancellationToken) => _database.WriteAsync(work, cancellationToken);

    /// <summary>
    /// Marks the operation <paramref name="key"/> applied, inside the caller's transaction; false when it already was,
    /// so the caller skips its writes. This is what makes a step that is re-run after a crash count once.
    /// </summary>
    internal static async Task<bool> TryApplyOnceAsync(SqlSession session, string key, string at, CancellationToken cancellationToken) =>
        await session.ExecuteAsync("INSERT INTO guard_applied_once (key, at) VALUES (@key, @at) ON CONFLICT (key) DO NOTHING", cancellationToken, ("@key", key), ("@at", at)) == 1;
}

/// <summary>The guard's database: its SQLite file or schema <c>guards</c>.</summary>
public sealed class GuardsDatabase(DatabaseOptions database, string path) : RawStoreDatabase<GuardsDbContext>(database,
    new SqlStoreSettings(path, PostgresGuardsDbContext.Schema, "guards database", "Persistence:DatabasePath"), "guard_cycles", """
        CREATE TABLE IF NOT EXISTS guard_cycles (cycle_id TEXT PRIMARY KEY, started_at TEXT NOT NULL, day TEXT NOT NULL,
            tokens INTEGER NOT NULL DEFAULT 0, usd TEXT NOT NULL DEFAULT '0');
        CREATE INDEX IF NOT EXISTS ix_guard_cycles_day ON guard_cycles (day);
        CREATE TABLE IF NOT EXISTS guard_gap_attempts (gap TEXT NOT NULL, cycle_id TEXT, at TEXT NOT NULL, succeeded INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_guard_gap_attempts_gap ON guard_gap_attempts (gap);
        CREATE TABLE IF NOT EXISTS guard_parked_gaps (gap TEXT PRIMARY KEY, parked_at TEXT NOT NULL, reason TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS guard_applied_once (key TEXT PRIMARY KEY, at TEXT NOT NULL);
        """)
{
    /// <inheritdoc />
    protected override GuardsDbContext CreateContext(DbContextOptions options, DatabaseProvider provider) =>
        provider == DatabaseProvider.PostgreSql ? new PostgresGuardsDbContext(options) : new GuardsDbContext((DbContextOptions<GuardsDbContext>)options);
}
