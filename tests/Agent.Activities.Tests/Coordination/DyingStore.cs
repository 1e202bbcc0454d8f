using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;

namespace Agent.Activities.Tests.Coordination;

/// <summary>The process "dies" here: the first commit whose journal holds a completed activity of this type fails, and so does every commit after it.</summary>
internal sealed class DyingStore(IWorkflowInstanceStore inner, string activityType) : IWorkflowInstanceStore
{
    private volatile bool _dead;

    public bool IsDurable => inner.IsDurable;

    public Task CommitAsync(InstanceCommit commit, CancellationToken ct = default)
    {
        if (!_dead && commit.Journal.Any(j => j.ActivityType == activityType && j.Status == JournalStatus.Completed)) _dead = true;
        return _dead ? throw new IOException("simulated crash: the process died before this commit") : inner.CommitAsync(commit, ct);
    }

    public Task<WorkflowInstance?> FindAsync(string id, CancellationToken ct = default) => inner.FindAsync(id, ct);
    public Task<IReadOnlyList<WorkflowInstance>> ListAsync(InstanceQuery q, CancellationToken ct = default) => inner.ListAsync(q, ct);
    public Task<int> CountAsync(InstanceQuery q, CancellationToken ct = default) => inner.CountAsync(q, ct);
    public Task<IReadOnlyList<JournalEntry>> GetJournalAsync(string id, CancellationToken ct = default) => inner.GetJournalAsync(id, ct);
    public Task<Bookmark?> FindBookmarkAsync(string id, CancellationToken ct = default) => inner.FindBookmarkAsync(id, ct);
    public Task<IReadOnlyList<Bookmark>> FindBookmarksAsync(string n, string? c, CancellationToken ct = default) => inner.FindBookmarksAsync(n, c, ct);
    public Task<IReadOnlyList<Bookmark>> FindExpiredBookmarksAsync(DateTimeOffset now, CancellationToken ct = default) => inner.FindExpiredBookmarksAsync(now, ct);
    public Task<IReadOnlyList<string>> FindInterruptedAsync(CancellationToken ct = default) => inner.FindInterruptedAsync(ct);
}
