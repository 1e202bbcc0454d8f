using Agent.Workflows.Persistence;
using Agent.Workflows.Persistence.InMemory;
using Agent.Workflows.Runtime;
using static Agent.Workflows.Tests.Engine.Def;

namespace Agent.Workflows.Tests.Engine;

/// <summary>A durable store is committed after every activity; a store in memory once per run.</summary>
[TestClass]
public sealed class CommitPolicyTests
{
    private sealed class CountingStore(IWorkflowInstanceStore inner, bool durable) : IWorkflowInstanceStore
    {
        public int Commits;
        public bool IsDurable => durable;
        public Task CommitAsync(InstanceCommit commit, CancellationToken ct = default) { Interlocked.Increment(ref Commits); return inner.CommitAsync(commit, ct); }
        public Task<WorkflowInstance?> FindAsync(string id, CancellationToken ct = default) => inner.FindAsync(id, ct);
        public Task<IReadOnlyList<WorkflowInstance>> ListAsync(InstanceQuery q, CancellationToken ct = default) => inner.ListAsync(q, ct);
        public Task<int> CountAsync(InstanceQuery q, CancellationToken ct = default) => inner.CountAsync(q, ct);
        public Task<IReadOnlyList<JournalEntry>> GetJournalAsync(string id, CancellationToken ct = default) => inner.GetJournalAsync(id, ct);
        public Task<Bookmark?> FindBookmarkAsync(string id, CancellationToken ct = default) => inner.FindBookmarkAsync(id, ct);
        public Task<IReadOnlyList<Bookmark>> FindBookmarksAsync(string n, string? c, CancellationToken ct = default) => inner.FindBookmarksAsync(n, c, ct);
        public Task<IReadOnlyList<Bookmark>> FindExpiredBookmarksAsync(DateTimeOffset now, CancellationToken ct = default) => inner.FindExpiredBookmarksAsync(now, ct);
        public Task<IReadOnlyList<string>> FindInterruptedAsync(CancellationToken ct = default) => inner.FindInterruptedAsync(ct);
    }

    private static readonly string ThreeSteps = Flowchart(
        [WriteLine("a", "a"), WriteLine("b", "b"), A("w", "Elsa.Event", ("eventName", Lit("go"))), WriteLine("c", "c")],
        [C("a", "b"), C("b", "w"), C("w", "c")]);

    [TestMethod]
    [DataRow(true, 4, 3)]   // first commit + a, b, w; then the claim + w resumed + c
    [DataRow(false, 1, 2)]  // once when the run suspends; then the claim + once when it finishes
    public async Task CommitsFollowTheStoresDurability(bool durable, int startCommits, int resumeCommits)
    {
        var store = new CountingStore(new InMemoryWorkflowInstanceStore(), durable);
        var engine = new TestEngine(store);
        var instance = await engine.StartAsync(ThreeSteps);
        Assert.AreEqual(startCommits, store.Commits);
        var bookmark = (await store.FindBookmarksAsync("go", null)).Single();
        store.Commits = 0;
        await engine.Runtime.ResumeAsync(bookmark.Id);
        Assert.AreEqual(resumeCommits, store.Commits);
        var journal = await store.GetJournalAsync(instance.Id);
        CollectionAssert.AreEqual(new[] { "a", "b", "w", "w", "c" }, journal.Select(e => e.ActivityId).ToArray());
        Assert.AreEqual(WorkflowStatus.Finished, (await store.FindAsync(instance.Id))!.Status);
    }
}
