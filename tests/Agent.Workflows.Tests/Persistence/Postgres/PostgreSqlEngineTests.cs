using Agent.Testing.Postgres;
using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;
using Agent.Workflows.Tests.Engine;
using static Agent.Workflows.Tests.Engine.Def;

namespace Agent.Workflows.Tests.Persistence.Postgres;

/// <summary>
/// The engine on PostgreSQL with two (or three) hosts on one database, as replicas run it: each host has its own
/// service provider, stores and connection pool, so they share nothing but the database.
/// </summary>
[TestClass]
public sealed class PostgreSqlEngineTests
{
    private static PostgresServer? s_server;

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static async Task StartServerAsync(TestContext context) => s_server = await PostgresServer.StartAsync(context.CancellationToken);

    [ClassCleanup]
    public static async Task StopServerAsync()
    {
        if (s_server is not null) await s_server.DisposeAsync();
    }

    private static System.Text.Json.Nodes.JsonObject Approval() => WorkflowHost.Workflow("approval",
        [A("Start", "Elsa.Start"), WriteLine("Before", "before"), A("Wait", "Elsa.Event", ("eventName", Lit("approve"))), WriteLine("After", "after")],
        [C("Start", "Before"), C("Before", "Wait"), C("Wait", "After")]);

    private Task<string> NewDatabaseAsync() => s_server!.CreateDatabaseAsync("engine", TestContext.CancellationToken);

    [TestMethod]
    public async Task An_instance_suspended_on_one_replica_is_resumed_on_another_and_each_activity_is_journaled_once()
    {
        var database = await NewDatabaseAsync();
        await using var first = await WorkflowHost.StartPostgreSqlAsync(database);
        await first.PublishAsync(Approval());
        var started = await first.StartAsync("approval", new StartWorkflowOptions { CorrelationId = "order-7" });
        Assert.AreEqual(WorkflowStatus.Suspended, started.Status);
        var bookmark = started.State.Bookmarks.Single();

        await using var second = await WorkflowHost.StartPostgreSqlAsync(database);
        Assert.AreEqual(bookmark.Id, (await second.Instances.FindBookmarksAsync("approve", "order-7")).Single().Id, "the bookmark is visible to the other replica");
        var resumed = (await second.Runtime.ResumeByNameAsync("approve", "order-7", new Dictionary<string, object?> { ["by"] = "ada" })).Single();

        Assert.AreEqual(started.Id, resumed.Id);
        Assert.AreEqual(WorkflowStatus.Finished, resumed.Status);
        var seenByFirst = (await first.Instances.FindAsync(started.Id))!;
        Assert.AreEqual(WorkflowStatus.Finished, seenByFirst.Status);
        CollectionAssert.AreEqual(new[] { "before", "after" }, seenByFirst.State.OutputLines);
        Assert.AreEqual("ada", ((Dictionary<string, object?>)seenByFirst.State.ActivityOutputs["Wait"]["result"]!)["by"]);
        Assert.IsNull(await first.Instances.FindBookmarkAsync(bookmark.Id));
        var journal = await first.Instances.GetJournalAsync(started.Id);
        foreach (var activity in new[] { "Start", "Before", "Wait", "After" })
            Assert.AreEqual(1, journal.Count(e => e.ActivityId == activity && e.Status == JournalStatus.Completed), $"{activity} completed once");
    }

    [TestMethod]
    public async Task Two_replicas_resuming_one_bookmark_at_once_resume_it_exactly_once()
    {
        var database = await NewDatabaseAsync();
        await using var first = await WorkflowHost.StartPostgreSqlAsync(database);
        await using var second = await WorkflowHost.StartPostgreSqlAsync(database);
        await first.PublishAsync(Approval());
        for (var round = 0; round < 5; round++)
        {
            var started = await first.StartAsync("approval");
            var bookmarkId = started.State.Bookmarks.Single().Id;

            var outcomes = await Task.WhenAll(Try(first, bookmarkId), Try(second, bookmarkId));

            Assert.AreEqual(1, outcomes.Count(o => o is null), $"round {round}: exactly one replica resumes: {string.Join(", ", outcomes)}");
            Assert.IsTrue(outcomes.Single(o => o is not null) is ConcurrencyConflictException or BookmarkNotFoundException);
            var finished = (await second.Instances.FindAsync(started.Id))!;
            Assert.AreEqual(WorkflowStatus.Finished, finished.Status);
            CollectionAssert.AreEqual(new[] { "before", "after" }, finished.State.OutputLines, "the resumed branch ran once");
            Assert.AreEqual(1, (await first.Instances.GetJournalAsync(started.Id)).Count(e => e.ActivityId == "After"));
        }

        static async Task<Exception?> Try(WorkflowHost host, string bookmarkId)
        {
            await Task.Yield();
            try { await host.Runtime.ResumeAsync(bookmarkId); return null; }
            catch (Exception ex) { return ex; }
        }
    }

    [TestMethod]
    public async Task A_replica_that_lost_an_instance_cannot_commit_over_the_new_owner()
    {
        var database = await NewDatabaseAsync();
        await using var stale = await WorkflowHost.StartPostgreSqlAsync(database);
        await using var owner = await WorkflowHost.StartPostgreSqlAsync(database);
        await stale.PublishAsync(Approval());
        var started = await stale.StartAsync("approval");
        // The stale replica still holds the instance as it last committed it; the other one takes over and finishes it.
        var held = (await stale.Instances.FindAsync(started.Id))!;
        await owner.Runtime.ResumeAsync(started.State.Bookmarks.Single().Id);

        held.State.OutputLines.Add("written by the replica that lost the instance");
        var ex = await Assert.ThrowsExactlyAsync<ConcurrencyConflictException>(() =>
            stale.Instances.CommitAsync(new InstanceCommit(held, held.Revision, [], [], [], [])));
        StringAssert.Contains(ex.Message, $"no longer at revision {held.Revision}");

        var stored = (await owner.Instances.FindAsync(started.Id))!;
        Assert.AreEqual(WorkflowStatus.Finished, stored.Status);
        Assert.IsTrue(stored.Revision > held.Revision, "the owner's commits moved the revision on");
        CollectionAssert.AreEqual(new[] { "before", "after" }, stored.State.OutputLines, "the stale write changed nothing");
    }
}
