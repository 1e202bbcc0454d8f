using Agent.Workflows.Runtime;

namespace Agent.Workflows.Persistence;

/// <summary>
/// Everything one step of an instance changes, committed atomically: the instance and its state, the
/// journal entries of the step, bookmarks created and removed, and incidents.
/// </summary>
public sealed record InstanceCommit(
    WorkflowInstance Instance,
    long ExpectedRevision,
    IReadOnlyList<JournalEntry> Journal,
    IReadOnlyList<Bookmark> AddedBookmarks,
    IReadOnlyList<string> RemovedBookmarkIds,
    IReadOnlyList<Incident> Incidents)
{
    /// <summary>True for the first commit of a new instance.</summary>
    public bool IsNew => ExpectedRevision == 0;

    /// <summary>
    /// Set by the engine when <see cref="Journal"/> is a list it made for this commit alone and never touches again,
    /// so a store that keeps entries in memory may keep the list itself instead of copying it.
    /// </summary>
    internal bool JournalHandedOver { get; init; }
}

/// <summary>Filter for listing instances.</summary>
public sealed record InstanceQuery(string? DefinitionId = null, WorkflowStatus? Status = null, int Skip = 0, int Take = 100);

/// <summary>
/// Durable storage for instances, bookmarks, journal and incidents. The SQLite store and the in-memory
/// store pass the same contract tests.
/// </summary>
public interface IWorkflowInstanceStore
{
    /// <summary>
    /// True when a commit survives the process (a database). The runner commits a durable store after every
    /// activity, so a crash loses at most the activity in progress; a store in process memory dies with the
    /// process anyway, so the runner commits it once when a run stops (finished, suspended, faulted, cancelled).
    /// </summary>
    bool IsDurable { get; }

    /// <summary>
    /// Commits a step. Fails with <see cref="ConcurrencyConflictException"/> when the stored revision is not
    /// <see cref="InstanceCommit.ExpectedRevision"/> or a bookmark to remove no longer exists; then nothing is written.
    /// On success the instance's <see cref="WorkflowInstance.Revision"/> is the new revision.
    /// </summary>
    Task CommitAsync(InstanceCommit commit, CancellationToken cancellationToken = default);

    /// <summary>Loads an instance with its state, or null.</summary>
    Task<WorkflowInstance?> FindAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Lists instances (state included), newest first.</summary>
    Task<IReadOnlyList<WorkflowInstance>> ListAsync(InstanceQuery query, CancellationToken cancellationToken = default);

    /// <summary>Counts instances matching the query (skip/take ignored).</summary>
    Task<int> CountAsync(InstanceQuery query, CancellationToken cancellationToken = default);

    /// <summary>The journal of an instance in execution order.</summary>
    Task<IReadOnlyList<JournalEntry>> GetJournalAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Finds a bookmark by id.</summary>
    Task<Bookmark?> FindBookmarkAsync(string bookmarkId, CancellationToken cancellationToken = default);

    /// <summary>Finds bookmarks by name and, when given, correlation id.</summary>
    Task<IReadOnlyList<Bookmark>> FindBookmarksAsync(string name, string? correlationId, CancellationToken cancellationToken = default);

    /// <summary>Bookmarks whose expiry is at or before <paramref name="now"/>.</summary>
    Task<IReadOnlyList<Bookmark>> FindExpiredBookmarksAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Ids of instances left in <see cref="WorkflowStatus.Running"/>, i.e. interrupted by a crash.</summary>
    Task<IReadOnlyList<string>> FindInterruptedAsync(CancellationToken cancellationToken = default);
}

/// <summary>Raised when two writers race on one instance or one bookmark: the loser gets this and nothing is written.</summary>
public sealed class ConcurrencyConflictException(string message) : Exception(message);

/// <summary>A store that can delete instances. Separate from <see cref="IWorkflowInstanceStore"/> so wrappers need not implement it.</summary>
public interface IWorkflowInstanceDeletion
{
    /// <summary>Deletes an instance with its bookmarks, journal and incidents in one transaction; false when it did not exist.</summary>
    Task<bool> DeleteAsync(string instanceId, CancellationToken cancellationToken = default);
}
