using Agent.Workflows.Activities;
using Agent.Workflows.Execution;
using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;
using static Agent.Workflows.Tests.Engine.Def;

namespace Agent.Workflows.Tests.Engine;

/// <summary>
/// Issue 22's engine budget, checked on the runner alone (a store that keeps nothing): the bytes allocated per
/// activity and per instance start must stay within twice the goal (200 B and 1 KB). Allocation counts do not depend
/// on the machine's load, so unlike a timing they can gate a change.
/// </summary>
[TestClass]
public sealed class AllocationTests
{
    private const double ActivityLimit = 2 * 200;
    private const double StartLimit = 2 * 1024;
    private const int Instances = 2_000;

    [TestMethod]
    public void AnActivityAllocatesAtMostTwiceTheGoal()
    {
        var (perStart, perActivity) = Measure();
        Assert.IsTrue(perActivity <= ActivityLimit,
            $"the runner allocated {perActivity:0} B per activity (limit {ActivityLimit} B, goal 200 B; start {perStart:0} B); find the new per-activity allocation with the bench profile (--only p)");
    }

    [TestMethod]
    public void AnInstanceStartAllocatesAtMostTwiceTheGoal()
    {
        var (perStart, perActivity) = Measure();
        Assert.IsTrue(perStart <= StartLimit,
            $"the runner allocated {perStart:0} B per instance start (limit {StartLimit} B, goal 1 KB; per activity {perActivity:0} B); find the new per-instance allocation with the bench profile (--only p)");
    }

    // Per-instance cost from a one-activity flowchart, per-activity cost from the difference to a seven-activity line,
    // each on a warmed engine; the store counts what it was handed, so a run that skipped its journal would show.
    private static (double PerStart, double PerActivity) Measure()
    {
        var store = new KeepNothingStore();
        var engine = new TestEngine(store, s => s.AddActivity<AllocNoop>());
        var one = engine.Load(Line("alloc-one", 1));
        var seven = engine.Load(Line("alloc-seven", 7));
        var bytesOne = AllocatedPerInstance(engine, one);
        var bytesSeven = AllocatedPerInstance(engine, seven);
        Assert.AreEqual((Instances + Warmup) * 8L, store.JournalEntries, "every activity must still be journaled");
        var perActivity = (bytesSeven - bytesOne) / 6;
        Console.WriteLine($"allocated: {bytesOne - perActivity:0} B per instance start, {perActivity:0} B per activity");
        return (bytesOne - perActivity, perActivity);
    }

    private const int Warmup = 500;

    private static double AllocatedPerInstance(TestEngine engine, Model.WorkflowDefinition definition)
    {
        for (var i = 0; i < Warmup; i++) RunOnce(engine, definition);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Instances; i++) RunOnce(engine, definition);
        return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Instances;
    }

    // Nothing in the run waits, so it completes synchronously on this thread, where the thread's counter sees all of
    // it; and the test's own code adds no async state machine to the count.
    private static void RunOnce(TestEngine engine, Model.WorkflowDefinition definition)
    {
        var run = engine.Runtime.StartAsync(definition);
        if (!run.IsCompletedSuccessfully) Assert.Fail($"the run did not complete synchronously ({run.Status}); the measurement needs a run that never waits");
        var instance = run.Result;
        if (instance.Status != WorkflowStatus.Finished) Assert.Fail($"instance ended {instance.Status}: {instance.State.Incidents.FirstOrDefault()?.Message}");
    }

    private static string Line(string id, int length) => Flowchart(
        Enumerable.Range(1, length).Select(i => A($"a{i}", "Test.AllocNoop")),
        Enumerable.Range(1, length - 1).Select(i => C($"a{i}", $"a{i + 1}")), id: id);

    /// <summary>Completes at once: what is measured is the engine's own cost.</summary>
    [Activity("Test", "Test", "Completes at once.")]
    public sealed class AllocNoop : IActivity
    {
        public ValueTask ExecuteAsync(ActivityExecutionContext context)
        {
            context.Complete();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Accepts every commit and keeps nothing but counts (the revision is bumped, as the contract requires).</summary>
    private sealed class KeepNothingStore : IWorkflowInstanceStore
    {
        public long JournalEntries;

        public bool IsDurable => false;

        public Task CommitAsync(InstanceCommit commit, CancellationToken cancellationToken = default)
        {
            JournalEntries += commit.Journal.Count;
            commit.Instance.Revision = commit.ExpectedRevision + 1;
            return Task.CompletedTask;
        }

        public Task<WorkflowInstance?> FindAsync(string instanceId, CancellationToken cancellationToken = default) => Task.FromResult<WorkflowInstance?>(null);
        public Task<IReadOnlyList<WorkflowInstance>> ListAsync(InstanceQuery query, CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<WorkflowInstance>>([]);
        public Task<int> CountAsync(InstanceQuery query, CancellationToken cancellationToken = default) => Task.FromResult(0);
        public Task<IReadOnlyList<JournalEntry>> GetJournalAsync(string instanceId, CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<JournalEntry>>([]);
        public Task<Bookmark?> FindBookmarkAsync(string bookmarkId, CancellationToken cancellationToken = default) => Task.FromResult<Bookmark?>(null);
        public Task<IReadOnlyList<Bookmark>> FindBookmarksAsync(string name, string? correlationId, CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<Bookmark>>([]);
        public Task<IReadOnlyList<Bookmark>> FindExpiredBookmarksAsync(DateTimeOffset now, CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<Bookmark>>([]);
        public Task<IReadOnlyList<string>> FindInterruptedAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<string>>([]);
    }
}
