using Agent.Activities.Assessment;
using Agent.Activities.Cycle;
using Agent.Activities.CycleStore;
using Agent.Testing.Postgres;
using Agent.Workflows.Persistence;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Tests.Persistence;

/// <summary>The cycle store's contract (measurement snapshots), run once per provider.</summary>
public abstract class SnapshotStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    public TestContext TestContext { get; set; } = null!;

    protected CancellationToken Token => TestContext.CancellationToken;

    /// <summary>The <c>Database</c> section of a fresh, empty database of the provider under test.</summary>
    protected abstract Task<DatabaseOptions> NewDatabaseAsync();

    private static CycleDatabase Open(string folder, DatabaseOptions database) =>
        new(Options.Create(new CycleOptions { DatabasePath = Path.Combine(folder, "cycle.db") }), Options.Create(database));

    [TestMethod]
    public async Task Snapshots_are_kept_per_target_and_read_back_newest_first()
    {
        using var database = Open(TempFolder.Create("cycle-store"), await NewDatabaseAsync());
        var store = new SnapshotStore(database);

        var first = await store.SaveAsync(new MeasurementSnapshot { TargetPath = "/repo/a", CommitId = "c1", TakenAt = T0, Metrics = { ["tests.passed"] = 10 } }, Token);
        var second = await store.SaveAsync(new MeasurementSnapshot { TargetPath = "/repo/a", CommitId = "c2", TakenAt = T0.AddHours(1), Metrics = { ["tests.passed"] = 12 } }, Token);
        await store.SaveAsync(new MeasurementSnapshot { TargetPath = "/repo/b", TakenAt = T0.AddHours(2) }, Token);

        Assert.AreNotEqual(first.Id, second.Id);
        Assert.AreEqual(12, (await store.LatestAsync("/repo/a", Token))!.Metrics["tests.passed"]);
        CollectionAssert.AreEqual(new[] { "c2", "c1" }, (await store.RecentAsync("/repo/a", 5, Token)).Select(s => s.CommitId).ToList());
        var found = await store.FindAsync(first.Id, Token);
        Assert.IsNotNull(found);
        Assert.AreEqual(T0, found.TakenAt);
        Assert.IsNull(await store.FindAsync(first.Id + 1000, Token));
        Assert.IsNull(await store.LatestAsync("/repo/none", Token));
    }

    [TestMethod]
    public async Task Two_stores_on_one_database_see_each_others_writes()
    {
        var folder = TempFolder.Create("cycle-store-shared");
        var options = await NewDatabaseAsync();
        using var one = Open(folder, options);
        using var two = Open(folder, options);

        var saved = await new SnapshotStore(one).SaveAsync(new MeasurementSnapshot { TargetPath = "/repo", CommitId = "written-by-one", TakenAt = T0 }, Token);
        var seen = await new SnapshotStore(two).LatestAsync("/repo", Token);
        await new SnapshotStore(two).SaveAsync(new MeasurementSnapshot { TargetPath = "/repo", CommitId = "written-by-two", TakenAt = T0.AddMinutes(1) }, Token);

        Assert.AreEqual(saved.Id, seen?.Id);
        Assert.AreEqual("written-by-two", (await new SnapshotStore(one).LatestAsync("/repo", Token))?.CommitId);
    }
}

[TestClass]
public sealed class SqliteSnapshotStoreTests : SnapshotStoreTests
{
    protected override Task<DatabaseOptions> NewDatabaseAsync() => Task.FromResult(new DatabaseOptions());
}

[TestClass]
public sealed class PostgresSnapshotStoreTests : SnapshotStoreTests
{
    private static PostgresServer? s_server;

    [ClassInitialize]
    public static async Task StartServerAsync(TestContext context) => s_server = await PostgresServer.StartAsync(context.CancellationToken);

    [ClassCleanup]
    public static async Task StopServerAsync()
    {
        if (s_server is not null) await s_server.DisposeAsync();
    }

    protected override async Task<DatabaseOptions> NewDatabaseAsync() => new()
    {
        Provider = DatabaseProvider.PostgreSql,
        ConnectionString = await (s_server ?? throw new InvalidOperationException("The PostgreSQL server of this test class did not start.")).CreateDatabaseAsync("cycle", Token),
    };
}
