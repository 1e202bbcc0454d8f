using Agent.Activities.Cycle;
using Agent.Activities.CycleStore;
using Agent.Activities.CycleStore.PostgreSql;
using Agent.Activities.Discovery;
using Agent.Activities.Discovery.Persistence;
using Agent.Activities.Discovery.Persistence.PostgreSql;
using Agent.Activities.Learning;
using Agent.Activities.Learning.Persistence;
using Agent.Activities.Learning.Persistence.PostgreSql;
using Agent.Testing.Postgres;
using Agent.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Agent.Activities.Tests.Persistence;

/// <summary>The three EF stores on one real PostgreSQL database: own schemas, migrations applied once, replicas starting together.</summary>
[TestClass]
public sealed class PostgresStoreMigrationTests
{
    private static PostgresServer? s_server;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    private static PostgresServer Server => s_server ?? throw new InvalidOperationException("The PostgreSQL server of this test class did not start.");

    [ClassInitialize]
    public static async Task StartServerAsync(TestContext context) => s_server = await PostgresServer.StartAsync(context.CancellationToken);

    [ClassCleanup]
    public static async Task StopServerAsync()
    {
        if (s_server is not null) await s_server.DisposeAsync();
    }

    private async Task<DatabaseOptions> FreshAsync() =>
        new() { Provider = DatabaseProvider.PostgreSql, ConnectionString = await Server.CreateDatabaseAsync("stores", Token) };

    [TestMethod]
    public async Task Each_store_gets_its_own_schema_with_its_own_migrations_history()
    {
        var database = await FreshAsync();
        var folder = TempFolder.Create("pg-stores");
        using var cycle = new CycleDatabase(Options.Create(new CycleOptions { DatabasePath = Path.Combine(folder, "cycle.db") }), Options.Create(database));
        using var capabilities = new CapabilityDatabase(Options.Create(new DiscoveryOptions { DatabasePath = Path.Combine(folder, "capabilities.db") }), Options.Create(database));
        using var knowledge = new KnowledgeDatabase(Options.Create(new LearningOptions { DatabasePath = Path.Combine(folder, "knowledge.db") }), Options.Create(database));

        await using (var db = await cycle.OpenAsync(Token)) Assert.IsInstanceOfType<PostgresCycleDbContext>(db);
        await using (var db = await capabilities.OpenAsync(Token)) Assert.IsInstanceOfType<PostgresCapabilityDbContext>(db);
        await knowledge.InitializeAsync(Token);

        Assert.AreEqual(1L, await ScalarAsync(database, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'cycle' AND table_name = 'Snapshots'"));
        Assert.AreEqual(3L, await ScalarAsync(database, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'capabilities' AND table_name IN ('tools', 'tool_events', 'scans')"));
        Assert.AreEqual(1L, await ScalarAsync(database, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'knowledge' AND table_name = 'errors'"));
        foreach (var schema in new[] { "cycle", "capabilities", "knowledge" })
            Assert.IsGreaterThanOrEqualTo(1L, await ScalarAsync(database, $"SELECT COUNT(*) FROM \"{schema}\".\"__EFMigrationsHistory\""), schema);
        Assert.AreEqual(0L, await ScalarAsync(database, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'"), "nothing lands in public");
        Assert.AreEqual(0, Directory.GetFiles(folder).Length, "no SQLite file is created in PostgreSQL mode");
    }

    [TestMethod]
    public async Task Three_replicas_starting_at_once_on_a_fresh_database_migrate_it_once()
    {
        var database = await FreshAsync();
        var replicas = Enumerable.Range(0, 3)
            .Select(i => (Cycle: new CycleDatabase(Options.Create(new CycleOptions { DatabasePath = $"unused-{i}.db" }), Options.Create(database)),
                          Knowledge: new KnowledgeDatabase(Options.Create(new LearningOptions { DatabasePath = $"unused-{i}.db" }), Options.Create(database))))
            .ToList();
        try
        {
            await Task.WhenAll(replicas.Select(async r =>
            {
                await using var db = await r.Cycle.OpenAsync(Token);
                await r.Knowledge.InitializeAsync(Token);
            }));

            var cycleMigrations = (await PendingOrAppliedAsync(replicas[0].Cycle)).Count;
            Assert.AreEqual((long)cycleMigrations, await ScalarAsync(database, "SELECT COUNT(*) FROM cycle.\"__EFMigrationsHistory\""), "each migration recorded once");
            Assert.AreEqual(await ScalarAsync(database, "SELECT COUNT(DISTINCT \"MigrationId\") FROM knowledge.\"__EFMigrationsHistory\""),
                await ScalarAsync(database, "SELECT COUNT(*) FROM knowledge.\"__EFMigrationsHistory\""), "no knowledge migration applied twice");
        }
        finally
        {
            foreach (var (cycle, knowledge) in replicas) { cycle.Dispose(); knowledge.Dispose(); }
        }
    }

    [TestMethod]
    public void The_migrations_of_every_context_match_its_model_on_both_providers()
    {
        var sqlite = Path.Combine(TempFolder.Create("model-check"), "x.db");
        using var contexts = new ContextSet(
            new CycleDbContext(new DbContextOptionsBuilder<CycleDbContext>().UseSqlite($"Data Source={sqlite}").Options),
            new CapabilityDbContext(new DbContextOptionsBuilder<CapabilityDbContext>().UseSqlite($"Data Source={sqlite}").Options),
            new KnowledgeDbContext(new DbContextOptionsBuilder<KnowledgeDbContext>().UseSqlite($"Data Source={sqlite}").Options),
            new PostgresCycleDbContext(Npgsql<PostgresCycleDbContext>()),
            new PostgresCapabilityDbContext(Npgsql<PostgresCapabilityDbContext>()),
            new PostgresKnowledgeDbContext(Npgsql<PostgresKnowledgeDbContext>()));
        foreach (var context in contexts.All)
        {
            Assert.IsFalse(context.Database.HasPendingModelChanges(), $"{context.GetType().Name} has model changes without a migration; run scripts/dev/add-migration.sh {context.GetType().Name} NAME.");
            Assert.IsNotEmpty(context.Database.GetMigrations(), context.GetType().Name);
        }
    }

    private static DbContextOptions Npgsql<T>() where T : DbContext =>
        new DbContextOptionsBuilder<T>().UseNpgsql("Host=localhost;Database=unused").Options;

    private async Task<IReadOnlyList<string>> PendingOrAppliedAsync(CycleDatabase database)
    {
        await using var db = await database.OpenAsync(Token);
        Assert.IsEmpty(await db.Database.GetPendingMigrationsAsync(Token));
        return db.Database.GetMigrations().ToList();
    }

    private async Task<long> ScalarAsync(DatabaseOptions database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(Token);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(Token), System.Globalization.CultureInfo.InvariantCulture);
    }

    private sealed class ContextSet(params DbContext[] contexts) : IDisposable
    {
        public IReadOnlyList<DbContext> All => contexts;

        public void Dispose()
        {
            foreach (var context in contexts) context.Dispose();
        }
    }
}
