using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;

namespace Agent.Bench;

/// <summary>
/// Profiling aid only, never a figure: a store that accepts every commit and keeps nothing (it only bumps the
/// revision, as the contract requires). Running the engine on it separates the runner's own cost from the store's.
/// </summary>
public sealed class DiscardingStore : IWorkflowInstanceStore
{
    public long Commits;

    public Task CommitAsync(InstanceCommit commit, CancellationToken cancellationToken = default)
    {
        Commits++;
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

/// <summary>
/// Profiling aid: wraps a store and times its <see cref="IWorkflowInstanceStore.CommitAsync"/> calls, so a
/// breakdown can say how much of a cycle the commit takes.
/// </summary>
public sealed class TimingStore(IWorkflowInstanceStore inner) : IWorkflowInstanceStore
{
    public long Commits;
    /// <summary>Thread CPU seconds spent inside the inner store's CommitAsync (commits complete synchronously).</summary>
    public double CommitCpuSeconds;

    public void Reset() { Commits = 0; CommitCpuSeconds = 0; }

    public async Task CommitAsync(InstanceCommit commit, CancellationToken cancellationToken = default)
    {
        var start = CpuClock.ThreadSeconds();
        await inner.CommitAsync(commit, cancellationToken);
        CommitCpuSeconds += CpuClock.ThreadSeconds() - start;
        Commits++;
    }

    public Task<WorkflowInstance?> FindAsync(string instanceId, CancellationToken cancellationToken = default) => inner.FindAsync(instanceId, cancellationToken);
    public Task<IReadOnlyList<WorkflowInstance>> ListAsync(InstanceQuery query, CancellationToken cancellationToken = default) => inner.ListAsync(query, cancellationToken);
    public Task<int> CountAsync(InstanceQuery query, CancellationToken cancellationToken = default) => inner.CountAsync(query, cancellationToken);
    public Task<IReadOnlyList<JournalEntry>> GetJournalAsync(string instanceId, CancellationToken cancellationToken = default) => inner.GetJournalAsync(instanceId, cancellationToken);
    public Task<Bookmark?> FindBookmarkAsync(string bookmarkId, CancellationToken cancellationToken = default) => inner.FindBookmarkAsync(bookmarkId, cancellationToken);
    public Task<IReadOnlyList<Bookmark>> FindBookmarksAsync(string name, string? correlationId, CancellationToken cancellationToken = default) => inner.FindBookmarksAsync(name, correlationId, cancellationToken);
    public Task<IReadOnlyList<Bookmark>> FindExpiredBookmarksAsync(DateTimeOffset now, CancellationToken cancellationToken = default) => inner.FindExpiredBookmarksAsync(now, cancellationToken);
    public Task<IReadOnlyList<string>> FindInterruptedAsync(CancellationToken cancellationToken = default) => inner.FindInterruptedAsync(cancellationToken);
}
