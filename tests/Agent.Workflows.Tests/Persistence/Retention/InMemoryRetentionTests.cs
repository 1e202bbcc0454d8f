using Agent.Workflows.Persistence;
using Agent.Workflows.Persistence.InMemory;
using Agent.Workflows.Persistence.Retention;
using Agent.Workflows.Runtime;
using static Agent.Workflows.Tests.Persistence.InstanceTestData;

namespace Agent.Workflows.Tests.Persistence.Retention;

/// <summary>The in-memory store applies retention on the commit that finishes an instance.</summary>
[TestClass]
public sealed class InMemoryRetentionTests
{
    public TestContext TestContext { get; set; } = null!;
    private CancellationToken Ct => TestContext.CancellationToken;

    internal static WorkflowInstance Finished(string id, int minutes, WorkflowStatus status = WorkflowStatus.Finished)
    {
        var instance = NewInstance(id, status: status, minutes: minutes);
        instance.FinishedAt = instance.CreatedAt.AddSeconds(30);
        return instance;
    }

    [TestMethod]
    public async Task Three_times_keep_last_finished_instances_leave_the_newest_keep_last_with_their_data()
    {
        const int n = 50;
        var store = new InMemoryWorkflowInstanceStore(new FinishedInstanceRetentionOptions { KeepLast = n });
        await store.CommitAsync(Commit(NewInstance("running"), 0, [Entry("running", 1)]), Ct);
        var suspended = NewInstance("suspended", status: WorkflowStatus.Suspended);
        await store.CommitAsync(Commit(suspended, 0, [Entry("suspended", 1)], [NewBookmark("b-suspended", "suspended")]), Ct);
        for (var i = 0; i < 3 * n; i++)
        {
            var status = (i % 3) switch { 0 => WorkflowStatus.Finished, 1 => WorkflowStatus.Faulted, _ => WorkflowStatus.Cancelled };
            await store.CommitAsync(Commit(Finished($"f{i}", i, status), 0, [Entry($"f{i}", 1)], incidents: [new Incident("a", "T", "x", null, null, T0)]), Ct);
        }

        Assert.AreEqual(n + 2, await store.CountAsync(new InstanceQuery(), Ct));
        Assert.IsNull(await store.FindAsync("f0", Ct));
        Assert.AreEqual(0, (await store.GetJournalAsync($"f{2 * n - 1}", Ct)).Count, "the journal went with the instance");
        Assert.IsNotNull(await store.FindAsync($"f{2 * n}", Ct), "the oldest kept one");
        Assert.AreEqual(1, (await store.GetJournalAsync($"f{3 * n - 1}", Ct)).Count);
        Assert.AreEqual(WorkflowStatus.Running, (await store.FindAsync("running", Ct))!.Status, "running instances are never touched");
        Assert.IsNotNull(await store.FindBookmarkAsync("b-suspended", Ct), "suspended instances keep their bookmarks");
        Assert.AreEqual(1, (await store.GetJournalAsync("suspended", Ct)).Count);
    }

    [TestMethod]
    public async Task An_instance_counts_from_the_commit_that_finishes_it_not_from_its_start()
    {
        var store = new InMemoryWorkflowInstanceStore(new FinishedInstanceRetentionOptions { KeepLast = 1 });
        var early = NewInstance("early");
        await store.CommitAsync(Commit(early, 0), Ct);
        await store.CommitAsync(Commit(Finished("done", 1), 0), Ct);
        early.Status = WorkflowStatus.Finished;
        await store.CommitAsync(Commit(early, 1), Ct);

        Assert.IsNotNull(await store.FindAsync("early", Ct), "the last to finish is kept");
        Assert.IsNull(await store.FindAsync("done", Ct));
    }

    [TestMethod]
    public async Task Keep_for_drops_instances_finished_longer_ago_at_the_next_commit()
    {
        var clock = new ManualClock(T0);
        var store = new InMemoryWorkflowInstanceStore(new FinishedInstanceRetentionOptions { KeepFor = TimeSpan.FromHours(1) }, clock);
        await store.CommitAsync(Commit(Finished("old", 0), 0), Ct);
        clock.Advance(TimeSpan.FromMinutes(59));
        await store.CommitAsync(Commit(Finished("young", 1), 0), Ct);
        Assert.IsNotNull(await store.FindAsync("old", Ct), "59 minutes is within the hour");

        clock.Advance(TimeSpan.FromMinutes(1));
        await store.CommitAsync(Commit(NewInstance("any"), 0), Ct);
        Assert.IsNull(await store.FindAsync("old", Ct));
        Assert.IsNotNull(await store.FindAsync("young", Ct));
    }

    [TestMethod]
    public async Task Journal_only_mode_keeps_the_instance_and_its_state()
    {
        var store = new InMemoryWorkflowInstanceStore(new FinishedInstanceRetentionOptions { KeepLast = 1, Mode = RetentionMode.DeleteJournal });
        var first = Finished("first", 0);
        first.State.Variables["result"] = "kept";
        await store.CommitAsync(Commit(first, 0, [Entry("first", 1), Entry("first", 2)]), Ct);
        await store.CommitAsync(Commit(Finished("second", 1), 0, [Entry("second", 1)]), Ct);

        var loaded = await store.FindAsync("first", Ct);
        Assert.IsNotNull(loaded);
        Assert.AreEqual("kept", loaded.State.Variables["result"]);
        Assert.AreEqual(0, (await store.GetJournalAsync("first", Ct)).Count);
        Assert.AreEqual(1, (await store.GetJournalAsync("second", Ct)).Count);
    }

    [TestMethod]
    public async Task A_deleted_instance_no_longer_counts_against_the_limit()
    {
        var store = new InMemoryWorkflowInstanceStore(new FinishedInstanceRetentionOptions { KeepLast = 2 });
        await store.CommitAsync(Commit(Finished("a", 0), 0), Ct);
        await store.CommitAsync(Commit(Finished("b", 1), 0), Ct);
        Assert.IsTrue(await store.DeleteAsync("b", Ct));
        await store.CommitAsync(Commit(Finished("c", 2), 0), Ct);
        Assert.IsNotNull(await store.FindAsync("a", Ct), "two finished instances are kept: a and c");
        Assert.IsNotNull(await store.FindAsync("c", Ct));
    }

    [TestMethod]
    public async Task The_parameterless_store_keeps_the_documented_default()
    {
        var store = new InMemoryWorkflowInstanceStore();
        var n = FinishedInstanceRetentionOptions.InMemoryDefaultKeepLast;
        for (var i = 0; i < n + 10; i++) await store.CommitAsync(Commit(Finished($"f{i}", 0), 0), Ct);
        Assert.AreEqual(n, await store.CountAsync(new InstanceQuery(), Ct));
        Assert.IsNull(await store.FindAsync("f9", Ct));
        Assert.IsNotNull(await store.FindAsync("f10", Ct));
    }

    [TestMethod]
    [DoNotParallelize] // process-wide heap figures: other tests must not allocate meanwhile
    public async Task Memory_stays_bounded_after_the_limit_is_reached()
    {
        const int n = 5_000;
        var store = new InMemoryWorkflowInstanceStore(new FinishedInstanceRetentionOptions { KeepLast = n });
        var before = Retained();
        await CommitFinishedAsync(store, 0, n);
        var atLimit = Retained();
        await CommitFinishedAsync(store, n, 3 * n);
        var afterThreeTimes = Retained();

        var perRound = atLimit - before;
        TestContext.WriteLine($"retained heap: {before} B empty, {atLimit} B with {n} finished, {afterThreeTimes} B after {3 * n} (keeps {n})");
        Assert.IsGreaterThan(1000L * n, perRound, $"each finished instance holds state and a journal ({perRound} B for {n})");
        // Twice as many more instances added less than a fifth of one round's memory: the store holds n, not 3n.
        Assert.IsLessThan(perRound / 5, afterThreeTimes - atLimit, $"retained {before} → {atLimit} → {afterThreeTimes} B");
        Assert.AreEqual(n, await store.CountAsync(new InstanceQuery(), Ct));
        GC.KeepAlive(store);
    }

    private async Task CommitFinishedAsync(InMemoryWorkflowInstanceStore store, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            var instance = Finished($"f{i}", 0);
            instance.State.Variables["payload"] = new string('x', 1000);
            await store.CommitAsync(Commit(instance, 0, [Entry(instance.Id, 1), Entry(instance.Id, 2)]), Ct);
        }
    }

    private static long Retained()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
