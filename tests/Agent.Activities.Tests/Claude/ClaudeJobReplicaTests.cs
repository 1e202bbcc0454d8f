using Agent.Activities.Claude;
using Agent.Activities.Tests.Persistence;
using Agent.Testing.Postgres;
using Agent.Workflows.Persistence;

namespace Agent.Activities.Tests.Claude;

/// <summary>
/// Claude jobs of several replicas on one jobs database, at the store: whose jobs a restart ends, the heartbeat, and the
/// expiry sweep deciding exactly once. On PostgreSQL replicas share the jobs; on SQLite (one machine) a start ends every
/// unfinished job of the file, as before replicas existed.
/// </summary>
public abstract class ClaudeJobReplicaTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(1);
    private string _folder = null!;
    private DatabaseOptions _database = null!;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    private protected abstract Task<DatabaseOptions> NewDatabaseAsync();

    /// <summary>Whether replicas share the jobs (PostgreSQL).</summary>
    private protected abstract bool Shared { get; }

    [TestInitialize]
    public async Task InitAsync()
    {
        _folder = TempFolder.Create("agent-job-replicas");
        _database = await NewDatabaseAsync();
    }

    [TestCleanup]
    public void Cleanup() => TempFolder.Delete(_folder);

    // A replica's own handle on the one jobs database.
    private ClaudeJobStore Store() => new(Path.Combine(_folder, "claude-jobs.db"), _database);

    private ClaudeJobStatus Job(string id, string owner) =>
        new() { Id = id, State = ClaudeJobState.Running, WorkingDirectory = _folder, CreatedAt = DateTimeOffset.UtcNow, SessionId = $"s-{id}", Owner = owner };

    [TestMethod]
    public async Task Restarting_replica_a_ends_its_own_jobs_and_only_on_SQLite_those_of_live_replica_b()
    {
        var b = Store();
        await b.InitializeAsync("b", Lease, Token);
        await b.InsertAsync(Job("b1", "b"), Token);
        await Store().InsertAsync(Job("a1", "a"), Token);

        var ended = await Store().InitializeAsync("a", Lease, Token);

        Assert.AreEqual(ClaudeJobState.Interrupted, (await b.GetAsync("a1", Token))!.State, "a restart ends the replica's own previous jobs");
        Assert.AreEqual(Shared ? 1 : 2, ended);
        Assert.AreEqual(Shared ? ClaudeJobState.Running : ClaudeJobState.Interrupted, (await b.GetAsync("b1", Token))!.State);
        Assert.AreEqual(Shared, await b.UpdateAsync(Job("b1", "b") with { State = ClaudeJobState.Succeeded, EndedAt = DateTimeOffset.UtcNow }, Token),
            "on PostgreSQL b's job runs on and its end is saved");
    }

    [TestMethod]
    public async Task A_heartbeat_renews_only_the_listed_unfinished_jobs_of_its_own_replica_in_one_statement()
    {
        var a = Store();
        await a.InitializeAsync("a", Lease, Token);
        foreach (var job in new[] { Job("a1", "a"), Job("a2", "a"), Job("a3", "a"), Job("b1", "b") }) await a.InsertAsync(job, Token);
        await a.UpdateAsync(Job("a3", "a") with { State = ClaudeJobState.Succeeded, EndedAt = DateTimeOffset.UtcNow }, Token);
        var before = (await a.ListAsync(null, 10, Token)).ToDictionary(j => j.Id, j => j.HeartbeatAt!.Value);
        await Task.Delay(50, Token);

        var renewed = await a.RenewAsync("a", ["a1", "a3", "b1", "missing"], Token);

        CollectionAssert.AreEquivalent(new[] { "a1" }, renewed.ToArray(), "not a finished job, not another replica's, not an unknown id");
        var after = (await a.ListAsync(null, 10, Token)).ToDictionary(j => j.Id, j => j.HeartbeatAt!.Value);
        Assert.IsGreaterThan(before["a1"], after["a1"]);
        foreach (var id in new[] { "a2", "a3", "b1" }) Assert.AreEqual(before[id], after[id], id);
        Assert.IsEmpty(await a.RenewAsync("a", [], Token));
    }

    [TestMethod]
    [TestCategory("Slow")] // waits out a 3 s lease
    public async Task A_job_whose_heartbeat_expired_is_ended_by_exactly_one_of_three_sweeping_replicas_and_its_late_end_is_refused()
    {
        var a = Store();
        await a.InitializeAsync("a", Lease, Token);
        await a.InsertAsync(Job("a1", "a"), Token);
        await Store().InsertAsync(Job("b1", "b"), Token);
        // a keeps beating; b has died: past the lease only b's job is expired. The sweeps judge with a lease of a few
        // seconds, so a's last beat stays fresh even when a loaded machine stalls this test between that beat and them.
        var sweepLease = TimeSpan.FromSeconds(3);
        var deadline = DateTime.UtcNow + sweepLease + TimeSpan.FromMilliseconds(400);
        while (DateTime.UtcNow < deadline)
        {
            await a.RenewAsync("a", ["a1"], Token);
            await Task.Delay(150, Token);
        }
        await a.RenewAsync("a", ["a1"], Token);

        var sweeps = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => Store().InterruptExpiredAsync(sweepLease, Token), Token)));

        var ended = sweeps.SelectMany(s => s).ToList();
        Assert.AreEqual("b1", ended.Single().Id, "exactly one sweep ends b's job; a's live job is left alone");
        Assert.AreEqual(1, sweeps.Count(s => s.Count == 1));
        Assert.AreEqual((ClaudeJobState.Interrupted, "s-b1", "b"), (ended[0].State, ended[0].SessionId, ended[0].Owner));
        StringAssert.Contains(ended[0].Error, "Replica b stopped renewing");
        Assert.IsEmpty(await Store().InterruptExpiredAsync(sweepLease, Token), "a later sweep finds nothing");

        Assert.IsFalse(await a.UpdateAsync(Job("b1", "b") with { State = ClaudeJobState.Succeeded, EndedAt = DateTimeOffset.UtcNow }, Token),
            "the late end of the replica declared dead is refused");
        Assert.IsEmpty(await a.RenewAsync("b", ["b1"], Token), "and so is its late heartbeat");
        Assert.AreEqual(ClaudeJobState.Interrupted, (await a.GetAsync("b1", Token))!.State);
        Assert.AreEqual(ClaudeJobState.Running, (await a.GetAsync("a1", Token))!.State);
    }
}

[TestClass]
public sealed class SqliteClaudeJobReplicaTests : ClaudeJobReplicaTests
{
    private protected override Task<DatabaseOptions> NewDatabaseAsync() => RawStoreProviders.SqliteAsync();

    private protected override bool Shared => false;
}

[TestClass]
public sealed class PostgresClaudeJobReplicaTests : ClaudeJobReplicaTests
{
    private static PostgresServer? s_server;

    [ClassInitialize]
    public static async Task StartServerAsync(TestContext context) => s_server = await PostgresServer.StartAsync(context.CancellationToken);

    [ClassCleanup]
    public static async Task StopServerAsync()
    {
        if (s_server is not null) await s_server.DisposeAsync();
    }

    private protected override Task<DatabaseOptions> NewDatabaseAsync() => RawStoreProviders.PostgresAsync(s_server, TestContext.CancellationToken);

    private protected override bool Shared => true;
}
