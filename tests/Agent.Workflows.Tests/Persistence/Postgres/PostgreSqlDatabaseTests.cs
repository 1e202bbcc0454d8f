using Agent.Testing.Postgres;
using Agent.Workflows.Persistence;
using Agent.Workflows.Persistence.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Agent.Workflows.Tests.Persistence.Postgres;

/// <summary>The PostgreSQL database itself: where the migrations put the tables, and replicas migrating at once.</summary>
[TestClass]
public sealed class PostgreSqlDatabaseTests
{
    private static PostgresServer? s_server;

    public TestContext TestContext { get; set; } = null!;
    private CancellationToken Ct => TestContext.CancellationToken;

    [ClassInitialize]
    public static async Task StartServerAsync(TestContext context) => s_server = await PostgresServer.StartAsync(context.CancellationToken);

    [ClassCleanup]
    public static async Task StopServerAsync()
    {
        if (s_server is not null) await s_server.DisposeAsync();
    }

    [TestMethod]
    public async Task Migrations_put_every_table_and_the_history_in_the_workflows_schema_and_can_be_applied_again()
    {
        var connectionString = await s_server!.CreateDatabaseAsync("schema", Ct);
        await using var db = await TestDatabase.CreatePostgreSqlAsync(connectionString, Ct);
        await db.Get<IWorkflowDatabaseInitializer>().InitializeAsync(Ct); // second time: nothing pending, no error

        var tables = await QueryAsync(connectionString,
            "SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')");
        CollectionAssert.AreEquivalent(
            new[] { "definitions", "instances", "bookmarks", "journal", "incidents", "instance_leases", "__EFMigrationsHistory" }.Select(t => "workflows." + t).ToArray(),
            tables.ToArray());
        var indexes = await QueryAsync(connectionString, "SELECT indexname FROM pg_indexes WHERE schemaname = 'workflows'");
        foreach (var index in new[] { "IX_definitions_definitionId_version", "IX_instances_status", "IX_bookmarks_name_correlationId", "IX_bookmarks_expiresAt", "IX_journal_instanceId_sequence" })
            CollectionAssert.Contains(indexes, index);
        CollectionAssert.AreEqual(new[] { "20261206105608_InitialSchema", "20261206115705_InstanceLeases" },
            await QueryAsync(connectionString, "SELECT \"MigrationId\" FROM workflows.\"__EFMigrationsHistory\" ORDER BY 1"));
        CollectionAssert.Contains(await QueryAsync(connectionString, "SELECT proname::text FROM pg_proc WHERE pronamespace = 'workflows'::regnamespace"),
            "commit_conflict_if");
    }

    [TestMethod]
    [TestCategory("Slow")]
    public async Task Three_replicas_initializing_one_fresh_database_at_once_all_start_and_migrate_it_once()
    {
        for (var round = 0; round < 3; round++)
        {
            var connectionString = await s_server!.CreateDatabaseAsync("race", Ct);
            var replicas = Enumerable.Range(0, 3).Select(_ => Services(connectionString)).ToList();
            try
            {
                using var start = new Barrier(replicas.Count);
                await Task.WhenAll(replicas.Select(sp => Task.Run(async () =>
                {
                    start.SignalAndWait(Ct);
                    await sp.GetRequiredService<IWorkflowDatabaseInitializer>().InitializeAsync(Ct);
                }, Ct)));

                // Each migration recorded once (InitialSchema, InstanceLeases), whichever replica applied it.
                Assert.AreEqual(2, (await QueryAsync(connectionString, "SELECT \"MigrationId\" FROM workflows.\"__EFMigrationsHistory\"")).Count);
                foreach (var sp in replicas)
                    Assert.AreEqual(0, await sp.GetRequiredService<IWorkflowInstanceStore>().CountAsync(new InstanceQuery(), Ct), "every replica can use the store");
            }
            finally
            {
                foreach (var sp in replicas) await sp.DisposeAsync();
            }
        }
    }

    [TestMethod]
    public async Task Commits_before_the_migrations_fail_with_what_to_call()
    {
        var connectionString = await s_server!.CreateDatabaseAsync("nomigrations", Ct);
        await using var db = await TestDatabase.CreatePostgreSqlAsync(connectionString, Ct, initialize: false);
        var ex = await Assert.ThrowsExactlyAsync<WorkflowStoreException>(() =>
            db.Get<IWorkflowInstanceStore>().CommitAsync(InstanceTestData.Commit(InstanceTestData.NewInstance("i1"), 0), Ct));
        StringAssert.Contains(ex.Message, "InitializeAsync");
        StringAssert.Contains(ex.Message, PostgreSqlWorkflowDbContext.Schema);
    }

    private static ServiceProvider Services(string connectionString) => new ServiceCollection()
        .AddWorkflowPersistence(database: d => (d.Provider, d.ConnectionString) = (DatabaseProvider.PostgreSql, connectionString))
        .BuildServiceProvider();

    private async Task<List<string>> QueryAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var values = new List<string>();
        while (await reader.ReadAsync(Ct)) values.Add(reader.GetString(0));
        return values;
    }
}
