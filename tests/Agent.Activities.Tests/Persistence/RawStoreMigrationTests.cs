using Agent.Activities.Approvals;
using Agent.Activities.Claude;
using Agent.Activities.Discovery.Integration;
using Agent.Activities.Guards;
using Agent.Activities.Persistence;
using Agent.Activities.Research.Findings;
using Agent.Activities.Safety.Audit;
using Agent.Activities.Safety.Budgets;
using Agent.Activities.Safety.Decisions;
using Agent.Activities.Schedule;
using Agent.Testing.Postgres;
using Agent.Workflows.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Agent.Activities.Tests.Persistence;

/// <summary>
/// The raw stores' EF-owned schemas: migrations up to date on both providers, one schema per store on PostgreSQL, and
/// SQLite files made by the old hand-written DDL — including the engine's shared <c>agent.db</c>, whose migrations
/// history table already exists — adopted with their rows.
/// </summary>
[TestClass]
public sealed class RawStoreMigrationTests
{
    private static readonly string[] Schemas = ["approvals", "claude_jobs", "claude_runs", "guards", "schedule", "decisions", "audit", "budget", "research", "integration"];
    private static PostgresServer? s_server;
    private string _folder = null!;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [ClassInitialize]
    public static async Task StartServerAsync(TestContext context) => s_server = await PostgresServer.StartAsync(context.CancellationToken);

    [ClassCleanup]
    public static async Task StopServerAsync()
    {
        if (s_server is not null) await s_server.DisposeAsync();
    }

    [TestInitialize]
    public void CreateFolder() => _folder = TempFolder.Create("agent-raw-migrations");

    [TestCleanup]
    public void DeleteFolder() => TempFolder.Delete(_folder);

    private string File(string name) => Path.Combine(_folder, name);

    // One of each store's database, on the given provider.
    private List<IRawStoreDatabase> Databases(DatabaseOptions database) =>
    [
        new ApprovalAuditStore(File("agent.db"), database).Database, new ClaudeJobStore(File("jobs.db"), database).Database,
        new ClaudeRunLog(File("runs.db"), database).Database, new CycleGuardStore(File("agent.db"), database).Database,
        new ScheduleStateStore(File("agent.db"), database).Database, new DecisionStore(File("agent.db"), database).Database,
        new AuditDatabase(File("audit.db"), database), new SpendLedger(File("agent.db"), database).Database,
        new ResearchCache(Options.Create(new ExternalResearchOptions { CacheDatabasePath = File("research.db") }), TimeProvider.System, Options.Create(database)).Database,
        new IntegrationAttemptStore(Options.Create(new IntegrationOptions { AttemptsDatabasePath = File("agent.db") }), Options.Create(database)).Database,
    ];

    [TestMethod]
    public void The_migrations_of_every_raw_store_match_its_model_on_both_providers()
    {
        var postgres = new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = "Host=localhost;Database=unused" };
        foreach (var database in Databases(new DatabaseOptions()).Concat(Databases(postgres)))
        {
            using var context = database.CreateMigrationContext();
            Assert.IsFalse(context.Database.HasPendingModelChanges(), $"{context.GetType().Name} has model changes without a migration; add one for it and its provider twin.");
            // The Claude jobs gained their owner and heartbeat in a second migration (both providers).
            Assert.AreEqual(context is ClaudeJobsDbContext ? 2 : 1, context.Database.GetMigrations().Count(), context.GetType().Name);
        }
    }

    [TestMethod]
    public async Task On_PostgreSQL_each_store_gets_its_own_schema_and_history_and_nothing_lands_in_public()
    {
        var database = await RawStoreProviders.PostgresAsync(s_server, Token);
        foreach (var store in Databases(database))
            await using (await store.OpenAsync(Token)) { }

        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(Token);
        foreach (var schema in Schemas)
            // Every migration of the store is recorded in its own schema (the Claude jobs have two).
            Assert.AreEqual(schema == "claude_jobs" ? 2L : 1L, await ScalarAsync(connection, $"SELECT COUNT(*) FROM \"{schema}\".\"__EFMigrationsHistory\""), schema);
        Assert.AreEqual(2L, await ScalarAsync(connection, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'audit' AND table_name IN ('audit_log', 'webhook_outbox')"));
        Assert.AreEqual(4L, await ScalarAsync(connection, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'guards' AND table_name LIKE 'guard_%'"));
        Assert.AreEqual(0L, await ScalarAsync(connection, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'"));
        Assert.AreEqual(0, Directory.GetFiles(_folder).Length, "no SQLite file is created in PostgreSQL mode");
    }

    [TestMethod]
    public async Task An_agent_db_made_by_the_old_DDL_beside_the_engine_history_is_adopted_with_its_rows()
    {
        var path = File("agent.db");
        await using (var old = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await old.OpenAsync(Token);
            await using var command = old.CreateCommand();
            // The engine's migrations history already exists in agent.db; the stores' tables are the old hand-written ones.
            command.CommandText = """
                CREATE TABLE "__EFMigrationsHistory" ("MigrationId" TEXT NOT NULL PRIMARY KEY, "ProductVersion" TEXT NOT NULL);
                INSERT INTO "__EFMigrationsHistory" VALUES ('20250101000000_EngineInitial', '10.0.0');
                CREATE TABLE guard_cycles (cycle_id TEXT PRIMARY KEY, started_at TEXT NOT NULL, day TEXT NOT NULL, tokens INTEGER NOT NULL DEFAULT 0, usd TEXT NOT NULL DEFAULT '0');
                CREATE TABLE guard_gap_attempts (gap TEXT NOT NULL, cycle_id TEXT, at TEXT NOT NULL, succeeded INTEGER NOT NULL);
                CREATE TABLE guard_parked_gaps (gap TEXT PRIMARY KEY, parked_at TEXT NOT NULL, reason TEXT NOT NULL);
                CREATE TABLE guard_applied_once (key TEXT PRIMARY KEY, at TEXT NOT NULL);
                INSERT INTO guard_cycles (cycle_id, started_at, day, tokens, usd) VALUES ('old-cycle', '2026-12-06T09:00:00.0000000Z', '2026-12-06', 700, '0.2');
                CREATE TABLE schedule_state (definition_id TEXT PRIMARY KEY, paused INTEGER NOT NULL DEFAULT 0, last_fired_at TEXT, last_instance_id TEXT, last_outcome TEXT);
                INSERT INTO schedule_state (definition_id, paused) VALUES ('nightly', 1);
                CREATE TABLE approval_decisions (approval_id TEXT PRIMARY KEY, instance_id TEXT NOT NULL, decision TEXT NOT NULL, decided_by TEXT NOT NULL, comment TEXT, decided_at TEXT NOT NULL);
                INSERT INTO approval_decisions VALUES ('a-old', 'i-old', 'approved', 'alice', NULL, '2026-12-05T10:00:00.0000000Z');
                """;
            await command.ExecuteNonQueryAsync(Token);
        }
        var guard = new CycleGuard(new CycleGuardStore(path), new EmergencyStop(Options.Create(new GuardOptions { StopFile = File("STOP") }), TimeProvider.System),
            Options.Create(new GuardOptions { StopFile = File("STOP") }), TimeProvider.System);

        var spent = await guard.SpentAsync("old-cycle", Token);
        var states = await new ScheduleStateStore(path).ListAsync(Token);
        var approval = await new ApprovalAuditStore(path).FindAsync("a-old", Token);
        await new SpendLedger(path).ChargeAsync("run-1", DateTimeOffset.UtcNow, "old-cycle", 10, 0.01m, "test", Token);

        Assert.AreEqual((700L, 0.2m), (spent!.Tokens, spent.Usd), "the old guard rows are kept");
        Assert.IsTrue(states["nightly"].Paused);
        Assert.AreEqual("alice", approval!.By);
        Assert.IsTrue((await guard.TryBeginCycleAsync("new-cycle", Token)).Allowed, "the adopted tables take new rows");
        await using var check = new SqliteConnection($"Data Source={path};Pooling=False");
        await check.OpenAsync(Token);
        var history = new List<string>();
        await using (var command = check.CreateCommand())
        {
            command.CommandText = "SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\" ORDER BY \"MigrationId\"";
            await using var reader = await command.ExecuteReaderAsync(Token);
            while (await reader.ReadAsync(Token)) history.Add(reader.GetString(0));
        }
        Assert.AreEqual(5, history.Count, "the engine's row and one initial migration each for guards, schedule, approvals and budget: " + string.Join(", ", history));
        Assert.AreEqual(1, history.Count(h => h == "20250101000000_EngineInitial"));
        // A second process opening the same file finds nothing to adopt or migrate.
        Assert.AreEqual(0, (await new CycleGuardStore(path).Database.GetPendingMigrationsAsync(Token)).Count);
    }

    [TestMethod]
    public async Task A_claude_jobs_file_from_before_resumed_from_existed_gets_the_column_and_keeps_its_jobs()
    {
        var path = File("claude-jobs.db");
        await using (var old = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await old.OpenAsync(Token);
            await using var command = old.CreateCommand();
            command.CommandText = """
                CREATE TABLE claude_jobs (id TEXT PRIMARY KEY, state TEXT NOT NULL, working_directory TEXT NOT NULL, created_at TEXT NOT NULL, ended_at TEXT,
                    session_id TEXT, turns INTEGER NOT NULL, cost_usd TEXT NOT NULL, last_event TEXT, error TEXT, result_json TEXT);
                INSERT INTO claude_jobs (id, state, working_directory, created_at, turns, cost_usd, session_id)
                VALUES ('old', 'running', '/w', '2026-12-06T09:00:00.0000000+00:00', 4, '0.5', 's-old');
                """;
            await command.ExecuteNonQueryAsync(Token);
        }
        var store = new ClaudeJobStore(path);

        Assert.AreEqual(1, await store.InitializeAsync("replica-a", TimeSpan.FromSeconds(15), Token), "the job the old process left running is interrupted");
        var job = (await store.GetAsync("old", Token))!;
        Assert.AreEqual((ClaudeJobState.Interrupted, 4, (string?)null, (string?)null), (job.State, job.Turns, job.ResumedFrom, job.Owner));
        StringAssert.Contains(job.Error, "s-old");
    }

    [TestMethod]
    public async Task A_claude_jobs_file_of_the_first_EF_schema_gets_owner_and_heartbeat_and_keeps_its_jobs()
    {
        var path = File("claude-jobs.db");
        var first = new ClaudeJobStore(path).Database;
        await using (var context = first.CreateContext())
        {
            // The file as the previous version left it: only the initial migration applied, one job running.
            await context.Database.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().MigrateAsync(context.Database.GetMigrations().First(), Token);
            await context.Database.ExecuteSqlRawAsync("""
                INSERT INTO claude_jobs (id, state, working_directory, created_at, turns, cost_usd, session_id)
                VALUES ('previous', 'running', '/w', '2026-12-06T09:00:00.0000000+00:00', 2, '0.1', 's-prev')
                """, Token);
        }
        var store = new ClaudeJobStore(path);

        Assert.AreEqual(1, await store.InitializeAsync("replica-a", TimeSpan.FromSeconds(15), Token));
        await store.InsertAsync(new ClaudeJobStatus { Id = "new", State = ClaudeJobState.Running, WorkingDirectory = "/w", CreatedAt = DateTimeOffset.UtcNow, Owner = "replica-a" }, Token);

        Assert.AreEqual(0, (await store.Database.GetPendingMigrationsAsync(Token)).Count);
        Assert.AreEqual((ClaudeJobState.Interrupted, 2, "s-prev"), ((await store.GetAsync("previous", Token))!.State, (await store.GetAsync("previous", Token))!.Turns, (await store.GetAsync("previous", Token))!.SessionId));
        var fresh = (await store.GetAsync("new", Token))!;
        Assert.AreEqual("replica-a", fresh.Owner);
        Assert.IsNotNull(fresh.HeartbeatAt, "a new job gets its first heartbeat when it is recorded");
    }

    [TestMethod]
    public async Task A_file_that_is_not_SQLite_is_refused_and_left_unchanged()
    {
        var path = File("agent.db");
        await System.IO.File.WriteAllTextAsync(path, "not a database", Token);

        var error = await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => new ScheduleStateStore(path).ListAsync(Token));

        StringAssert.Contains(error.Message, "not a SQLite database");
        Assert.AreEqual("not a database", await System.IO.File.ReadAllTextAsync(path, Token));
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
