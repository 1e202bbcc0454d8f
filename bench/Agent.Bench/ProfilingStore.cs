using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;

namespace Agent.Bench;

/// <summary>
/// Profiling aid only, never a figure: a store that accepts every commit and keeps nothing (it only bumps the
/// revision, as the contract requires). Running the engine on it separates the runner's own cost from the store's.
/// </summary>
public sealed class DiscardingStore : IWorkflowInstanceStore
{
    public bool IsDurable => false;

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
    public bool IsDurable => inner.IsDurable;

    public long Commits, Finds, BookmarkFinds;
    /// <summary>Bytes allocated on the calling thread inside the inner store's CommitAsync (commits complete synchronously).</summary>
    public long CommitBytes;
    /// <summary>Thread CPU seconds spent inside the inner store's CommitAsync (commits complete synchronously).</summary>
    public double CommitCpuSeconds;
    /// <summary>Wall seconds spent in CommitAsync, FindAsync and FindBookmarkAsync.</summary>
    public double CommitWallSeconds, FindWallSeconds, BookmarkFindWallSeconds;

    public void Reset() { Commits = Finds = BookmarkFinds = CommitBytes = 0; CommitCpuSeconds = CommitWallSeconds = FindWallSeconds = BookmarkFindWallSeconds = 0; }

    public async Task CommitAsync(InstanceCommit commit, CancellationToken cancellationToken = default)
    {
        var bytes = GC.GetAllocatedBytesForCurrentThread();
        var start = CpuClock.ThreadSeconds();
        var wall = System.Diagnostics.Stopwatch.GetTimestamp();
        await inner.CommitAsync(commit, cancellationToken);
        CommitWallSeconds += System.Diagnostics.Stopwatch.GetElapsedTime(wall).TotalSeconds;
        CommitCpuSeconds += CpuClock.ThreadSeconds() - start;
        CommitBytes += GC.GetAllocatedBytesForCurrentThread() - bytes;
        Commits++;
    }

    public async Task<WorkflowInstance?> FindAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var wall = System.Diagnostics.Stopwatch.GetTimestamp();
        var found = await inner.FindAsync(instanceId, cancellationToken);
        FindWallSeconds += System.Diagnostics.Stopwatch.GetElapsedTime(wall).TotalSeconds;
        Finds++;
        return found;
    }
    public Task<IReadOnlyList<WorkflowInstance>> ListAsync(InstanceQuery query, CancellationToken cancellationToken = default) => inner.ListAsync(query, cancellationToken);
    public Task<int> CountAsync(InstanceQuery query, CancellationToken cancellationToken = default) => inner.CountAsync(query, cancellationToken);
    public Task<IReadOnlyList<JournalEntry>> GetJournalAsync(string instanceId, CancellationToken cancellationToken = default) => inner.GetJournalAsync(instanceId, cancellationToken);
    public async Task<Bookmark?> FindBookmarkAsync(string bookmarkId, CancellationToken cancellationToken = default)
    {
        var wall = System.Diagnostics.Stopwatch.GetTimestamp();
        var found = await inner.FindBookmarkAsync(bookmarkId, cancellationToken);
        BookmarkFindWallSeconds += System.Diagnostics.Stopwatch.GetElapsedTime(wall).TotalSeconds;
        BookmarkFinds++;
        return found;
    }

    public Task<IReadOnlyList<Bookmark>> FindBookmarksAsync(string name, string? correlationId, CancellationToken cancellationToken = default) => inner.FindBookmarksAsync(name, correlationId, cancellationToken);
    public Task<IReadOnlyList<Bookmark>> FindExpiredBookmarksAsync(DateTimeOffset now, CancellationToken cancellationToken = default) => inner.FindExpiredBookmarksAsync(now, cancellationToken);
    public Task<IReadOnlyList<string>> FindInterruptedAsync(CancellationToken cancellationToken = default) => inner.FindInterruptedAsync(cancellationToken);
}

/// <summary>Profiling aid: times an <see cref="Agent.Workflows.Runtime.IWorkflowVersionSource"/> (wall time).</summary>
public sealed class TimingVersionSource(Agent.Workflows.Runtime.IWorkflowVersionSource inner) : Agent.Workflows.Runtime.IWorkflowVersionSource
{
    public long Calls;
    public double WallSeconds;

    public async Task<Agent.Workflows.Model.WorkflowDefinition?> FindVersionAsync(string versionId, CancellationToken cancellationToken)
    {
        var wall = System.Diagnostics.Stopwatch.GetTimestamp();
        var found = await inner.FindVersionAsync(versionId, cancellationToken);
        WallSeconds += System.Diagnostics.Stopwatch.GetElapsedTime(wall).TotalSeconds;
        Calls++;
        return found;
    }
}
