using Agent.Testing.Postgres;
using Agent.Workflows.Cluster;
using Agent.Workflows.Persistence;
using Agent.Workflows.Persistence.Retention;
using Agent.Workflows.Runtime;
using Agent.Workflows.Tests.Persistence.Postgres;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Agent.Workflows.Tests.Persistence.InstanceTestData;

namespace Agent.Workflows.Tests.Persistence.Retention;

/// <summary>The sweep of a durable store, run on a real SQLite file and on a real PostgreSQL server.</summary>
public abstract class RetentionSweepTests
{
    private readonly List<ServiceProvider> _providers = [];
    private string _directory = "";

    public TestContext TestContext { get; set; } = null!;
    protected CancellationToken Ct => TestContext.CancellationToken;

    /// <summary>The clock the sweep reads: one day after every instance below finished.</summary>
    protected ManualClock Clock { get; } = new(T0.AddDays(1));

    /// <summary>A fresh database: a SQLite file path, or a PostgreSQL connection string.</summary>
    private protected abstract Task<string> NewDatabaseAsync(string directory);

    /// <summary>Makes deleting instance <paramref name="instanceId"/> fail inside the database, as a crash would.</summary>
    private protected abstract Task FailDeletionOfAsync(string database, string instanceId);

    private protected string Database { get; private set; } = "";

    [TestInitialize]
    public async Task Setup()
    {
        _directory = TestDatabase.NewDirectory();
        Database = await NewDatabaseAsync(_directory);
    }

    [TestCleanup]
    public async Task Cleanup()
    {
        foreach (var p in _providers) await p.DisposeAsync();
        SqliteConnection.ClearAllPools();
        TempFolder.Delete(_directory);
    }

    /// <summary>Services on the test's database with the given retention (and cluster locks, when given).</summary>
    private protected async Task<ServiceProvider> OpenAsync(Action<FinishedInstanceRetentionOptions>? retention = null, IAgentLocks? locks = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Clock);
        if (locks is not null) services.AddSingleton(locks);
        if (Database.Contains('=')) services.AddWorkflowPersistence(database: d => (d.Provider, d.ConnectionString) = (DatabaseProvider.PostgreSql, Database));
        else services.AddWorkflowPersistence(o => o.DatabasePath = Database);
        services.AddFinishedInstanceRetention(retention);
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        await provider.GetRequiredService<IWorkflowDatabaseInitializer>().InitializeAsync(Ct);
        return provider;
    }

    /// <summary>
    /// Five finished instances f0..f4 (finished a minute apart, each with two journal entries, a bookmark and an
    /// incident), plus a running and a suspended one older than all of them.
    /// </summary>
    private protected async Task SeedAsync(IWorkflowInstanceStore store, int count = 5)
    {
        var running = NewInstance("running", minutes: -100);
        await store.CommitAsync(Commit(running, 0, [Entry("running", 1)]), Ct);
        var suspended = NewInstance("suspended", status: WorkflowStatus.Suspended, minutes: -100);
        await store.CommitAsync(Commit(suspended, 0, [Entry("suspended", 1)], [NewBookmark("b-suspended", "suspended")]), Ct);
        for (var i = 0; i < count; i++)
        {
            var status = (i % 3) switch { 0 => WorkflowStatus.Finished, 1 => WorkflowStatus.Faulted, _ => WorkflowStatus.Cancelled };
            var instance = NewInstance($"f{i}", status: status, minutes: i);
            instance.FinishedAt = T0.AddMinutes(i);
            await store.CommitAsync(Commit(instance, 0, [Entry(instance.Id, 1), Entry(instance.Id, 2)], [NewBookmark($"b-f{i}", instance.Id)],
                incidents: [new Incident("a", "T", "boom", null, null, T0)]), Ct);
        }
    }

    private protected async Task AssertUntouchedAsync(IWorkflowInstanceStore store)
    {
        Assert.AreEqual(WorkflowStatus.Running, (await store.FindAsync("running", Ct))!.Status, "running instances are never touched");
        Assert.AreEqual(1, (await store.GetJournalAsync("running", Ct)).Count);
        Assert.AreEqual(WorkflowStatus.Suspended, (await store.FindAsync("suspended", Ct))!.Status, "suspended instances are never touched");
        Assert.IsNotNull(await store.FindBookmarkAsync("b-suspended", Ct));
        Assert.AreEqual(1, (await store.GetJournalAsync("suspended", Ct)).Count);
    }

    private protected async Task<string[]> FinishedIdsAsync(IWorkflowInstanceStore store)
    {
        var all = await store.ListAsync(new InstanceQuery(Take: 1000), Ct);
        return [.. all.Where(i => FinishedInstanceRetentionOptions.IsFinished(i.Status)).Select(i => i.Id).Order()];
    }

    [TestMethod]
    public async Task Without_limits_the_sweep_keeps_everything()
    {
        var services = await OpenAsync();
        var store = services.GetRequiredService<IWorkflowInstanceStore>();
        await SeedAsync(store);
        var result = await services.GetRequiredService<FinishedInstanceSweep>().SweepAsync(Ct);
        Assert.IsTrue(result.Skipped);
        Assert.AreEqual(7, await store.CountAsync(new InstanceQuery(), Ct));
    }

    [TestMethod]
    public async Task Keep_last_deletes_the_oldest_finished_instances_with_everything_they_own_a_page_per_batch()
    {
        var services = await OpenAsync(r => (r.KeepLast, r.PageSize) = (2, 2));
        var store = services.GetRequiredService<IWorkflowInstanceStore>();
        await SeedAsync(store);

        var result = await services.GetRequiredService<FinishedInstanceSweep>().SweepAsync(Ct);

        Assert.AreEqual(3, result.Instances);
        Assert.AreEqual(2, result.Batches, "three instances in pages of two");
        CollectionAssert.AreEqual(new[] { "f3", "f4" }, await FinishedIdsAsync(store));
        foreach (var gone in new[] { "f0", "f1", "f2" })
        {
            Assert.AreEqual(0, (await store.GetJournalAsync(gone, Ct)).Count);
            Assert.IsNull(await store.FindBookmarkAsync("b-" + gone, Ct));
        }
        Assert.AreEqual(2, (await store.GetJournalAsync("f3", Ct)).Count);
        Assert.IsNotNull(await store.FindBookmarkAsync("b-f4", Ct));
        await AssertUntouchedAsync(store);
        Assert.AreEqual(0, await CountOrphansAsync(services), "no journal, bookmark or incident row outlives its instance");

        Assert.AreEqual(0, (await services.GetRequiredService<FinishedInstanceSweep>().SweepAsync(Ct)).Instances, "a second sweep finds nothing");
    }

    [TestMethod]
    public async Task A_finished_child_is_kept_while_its_parent_has_not_ended_and_goes_once_it_has()
    {
        var services = await OpenAsync(r => (r.KeepLast, r.PageSize) = (1, 1));
        var store = services.GetRequiredService<IWorkflowInstanceStore>();
        await store.CommitAsync(Commit(NewInstance("p-running", minutes: -100), 0), Ct);
        await store.CommitAsync(Commit(NewInstance("p-suspended", status: WorkflowStatus.Suspended, minutes: -100), 0), Ct);
        await CommitFinishedAsync(store, "p-done", minute: 0);
        // The oldest first: with pages of one the sweep must page past the kept children to reach the rest.
        await CommitFinishedAsync(store, "c-of-running", minute: 1, parent: "p-running");
        await CommitFinishedAsync(store, "c-of-suspended", minute: 2, parent: "p-suspended");
        await CommitFinishedAsync(store, "c-of-done", minute: 3, parent: "p-done");
        await CommitFinishedAsync(store, "c-of-deleted", minute: 4, parent: "p-deleted");
        await CommitFinishedAsync(store, "newest", minute: 5);

        var result = await services.GetRequiredService<FinishedInstanceSweep>().SweepAsync(Ct);

        Assert.AreEqual(3, result.Instances);
        CollectionAssert.AreEqual(new[] { "c-of-running", "c-of-suspended", "newest" }, await FinishedIdsAsync(store));

        // The parent ends (and is the newest): nothing will read its child again.
        var parent = (await store.FindAsync("p-running", Ct))!;
        (parent.Status, parent.FinishedAt) = (WorkflowStatus.Finished, T0.AddMinutes(6));
        await store.CommitAsync(Commit(parent, parent.Revision), Ct);
        await services.GetRequiredService<FinishedInstanceSweep>().SweepAsync(Ct);
        CollectionAssert.AreEqual(new[] { "c-of-suspended", "p-running" }, await FinishedIdsAsync(store));
    }

    private async Task CommitFinishedAsync(IWorkflowInstanceStore store, string id, int minute, string? parent = null)
    {
        var instance = NewInstance(id, status: WorkflowStatus.Finished, minutes: minute);
        instance.FinishedAt = T0.AddMinutes(minute);
        if (parent is not null) instance.State.Parent = new ParentWorkflow(parent, "run", "execution-1", WaitForCompletion: true);
        await store.CommitAsync(Commit(instance, 0, [Entry(id, 1)]), Ct);
    }

    [TestMethod]
    public async Task Keep_for_deletes_instances_finished_longer_ago()
    {
        var services = await OpenAsync(r => r.KeepFor = TimeSpan.FromDays(1) - TimeSpan.FromMinutes(2.5));
        var store = services.GetRequiredService<IWorkflowInstanceStore>();
        await SeedAsync(store);

        var result = await services.GetRequiredService<FinishedInstanceSweep>().SweepAsync(Ct);

        // Now is T0 + 1 day, so f0..f2 (finished at T0, +1, +2 minutes) are older than the limit; f3 and f4 are not.
        Assert.AreEqual(3, result.Instances);
        CollectionAssert.AreEqual(new[] { "f3", "f4" }, await FinishedIdsAsync(store));
        await AssertUntouchedAsync(store);
    }

    [TestMethod]
    public async Task Journal_only_mode_keeps_the_instances_and_clears_each_journal_once()
    {
        var services = await OpenAsync(r => (r.KeepLast, r.Mode, r.PageSize) = (1, RetentionMode.DeleteJournal, 3));
        var store = services.GetRequiredService<IWorkflowInstanceStore>();
        await SeedAsync(store);

        var result = await services.GetRequiredService<FinishedInstanceSweep>().SweepAsync(Ct);

        Assert.AreEqual(4, result.Instances);
        CollectionAssert.AreEqual(new[] { "f0", "f1", "f2", "f3", "f4" }, await FinishedIdsAsync(store), "every instance stays");
        for (var i = 0; i < 4; i++) Assert.AreEqual(0, (await store.GetJournalAsync($"f{i}", Ct)).Count);
        Assert.AreEqual(2, (await store.GetJournalAsync("f4", Ct)).Count, "the newest keeps its journal");
        Assert.IsNotNull(await store.FindBookmarkAsync("b-f0", Ct), "only the journal goes");
        await AssertUntouchedAsync(store);
        Assert.AreEqual(0, (await services.GetRequiredService<FinishedInstanceSweep>().SweepAsync(Ct)).Instances, "cleared journals are not selected again");
    }

    [TestMethod]
    public async Task A_failing_page_rolls_back_whole_and_earlier_pages_stay_committed()
    {
        var services = await OpenAsync(r => (r.KeepLast, r.PageSize) = (1, 2));
        var store = services.GetRequiredService<IWorkflowInstanceStore>();
        await SeedAsync(store);
        await FailDeletionOfAsync(Database, "f3"); // the second page is f2, f3

        await Assert.ThrowsAsync<Exception>(() => services.GetRequiredService<FinishedInstanceSweep>().SweepAsync(Ct));

        CollectionAssert.AreEqual(new[] { "f2", "f3", "f4" }, await FinishedIdsAsync(store), "the first page (f0, f1) was committed");
        Assert.AreEqual(2, (await store.GetJournalAsync("f2", Ct)).Count, "the failed page kept its journal: its deletes were rolled back");
        Assert.AreEqual(2, (await store.GetJournalAsync("f3", Ct)).Count);
        Assert.IsNotNull(await store.FindBookmarkAsync("b-f2", Ct));
        Assert.AreEqual(0, await CountOrphansAsync(services));
    }

    /// <summary>Journal, bookmark and incident rows whose instance is gone.</summary>
    private protected async Task<long> CountOrphansAsync(ServiceProvider services)
    {
        var factory = services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Agent.Workflows.Persistence.EntityFramework.WorkflowDbContext>>();
        await using var db = await factory.CreateDbContextAsync(Ct);
        var journal = db.Journal.Count(j => !db.Instances.Any(i => i.Id == j.InstanceId));
        var bookmarks = db.Bookmarks.Count(b => !db.Instances.Any(i => i.Id == b.InstanceId));
        var incidents = db.Incidents.Count(x => !db.Instances.Any(i => i.Id == x.InstanceId));
        return journal + bookmarks + incidents;
    }
}

[TestClass]
public sealed class SqliteRetentionSweepTests : RetentionSweepTests
{
    private protected override Task<string> NewDatabaseAsync(string directory) => Task.FromResult(Path.Combine(directory, "retention.db"));

    private protected override async Task FailDeletionOfAsync(string database, string instanceId)
    {
        await using var connection = new SqliteConnection($"Data Source={database}");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE TRIGGER fail_delete BEFORE DELETE ON instances WHEN old.id = '{instanceId}' BEGIN SELECT RAISE(ABORT, 'injected failure'); END;";
        await command.ExecuteNonQueryAsync(Ct);
    }
}

[TestClass]
public sealed class PostgreSqlRetentionSweepTests : RetentionSweepTests
{
    private static PostgresServer? s_server;

    [ClassInitialize]
    public static async Task StartServerAsync(TestContext context) => s_server = await PostgresServer.StartAsync(context.CancellationToken);

    [ClassCleanup]
    public static async Task StopServerAsync()
    {
        if (s_server is not null) await s_server.DisposeAsync();
    }

    private protected override Task<string> NewDatabaseAsync(string directory) => s_server!.CreateDatabaseAsync("retention", Ct);

    private protected override async Task FailDeletionOfAsync(string database, string instanceId)
    {
        const string S = Agent.Workflows.Persistence.PostgreSql.PostgreSqlWorkflowDbContext.Schema;
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand($"""
            CREATE FUNCTION {S}.fail_delete() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN IF old.id = '{instanceId}' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN old; END $$;
            CREATE TRIGGER fail_delete BEFORE DELETE ON {S}.instances FOR EACH ROW EXECUTE FUNCTION {S}.fail_delete();
            """, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

    [TestMethod]
    public async Task Only_one_replica_sweeps_at_a_time()
    {
        // Unpooled: a pooled connection would keep its session's advisory lock after being returned to the pool.
        var locks = new AdvisoryLocks(Database + ";Pooling=false");
        var services = await OpenAsync(r => r.KeepLast = 1, locks);
        var store = services.GetRequiredService<IWorkflowInstanceStore>();
        await SeedAsync(store);

        await using (var other = await locks.TryAcquireAsync(AgentLockNames.RetentionSweep, Ct))
        {
            Assert.IsNotNull(other, "another replica sweeps");
            var skipped = await services.GetRequiredService<FinishedInstanceSweep>().SweepAsync(Ct);
            Assert.IsTrue(skipped.Skipped);
            Assert.AreEqual(7, await store.CountAsync(new InstanceQuery(), Ct), "the skipped sweep deleted nothing");
        }

        var swept = await services.GetRequiredService<FinishedInstanceSweep>().SweepAsync(Ct);
        Assert.AreEqual(4, swept.Instances);
        var again = await locks.TryAcquireAsync(AgentLockNames.RetentionSweep, Ct);
        Assert.IsNotNull(again, "the sweep released its lock");
        await again.DisposeAsync();
    }
}
