using Agent.Workflows.Persistence.Retention;
using Agent.Workflows.Runtime;

namespace Agent.Workflows.Persistence.InMemory;

/// <summary>
/// An instance store in process memory with the same semantics as the SQLite store: atomic commits, optimistic
/// concurrency, bookmark conflicts. State and payloads are deep-copied on the way in and out (see <see cref="StateCopier"/>),
/// so neither the caller nor a reader can change what is stored, and values come back as plain values just as from disk.
/// Thread-safe; a commit costs the same however many instances are stored. Finished instances are kept as
/// <see cref="FinishedInstanceRetentionOptions"/> says, applied on the commit that finishes one (by default the
/// newest <see cref="FinishedInstanceRetentionOptions.InMemoryDefaultKeepLast"/>), so memory stays bounded.
/// </summary>
public sealed class InMemoryWorkflowInstanceStore : IWorkflowInstanceStore, IWorkflowInstanceDeletion
{
    /// <inheritdoc />
    public bool IsDurable => false;

    private readonly Lock _lock = new();
    // The stored header holds the stored copy of the state; neither leaves the store (Load copies them).
    private readonly Dictionary<string, WorkflowInstance> _instances = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Bookmark> _bookmarks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<JournalEntry>> _journal = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Incident>> _incidents = new(StringComparer.Ordinal);
    private readonly FinishedInstanceQueue _finished;
    private readonly RetentionMode _retentionMode;
    private readonly TimeProvider _clock;

    /// <summary>Creates a store with the default retention: the newest 1,000 finished instances are kept.</summary>
    public InMemoryWorkflowInstanceStore() : this(new FinishedInstanceRetentionOptions()) { }

    /// <summary>Creates a store that keeps finished instances as <paramref name="retention"/> says (validated by the caller).</summary>
    public InMemoryWorkflowInstanceStore(FinishedInstanceRetentionOptions retention, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(retention);
        _finished = new FinishedInstanceQueue(retention);
        _retentionMode = retention.Mode;
        _clock = clock ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public Task CommitAsync(InstanceCommit commit, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var added = CommitRules.Validate(commit);
        var instance = commit.Instance;
        // Copies are made before taking the lock so the lock is held only for dictionary work.
        var stored = CopyHeader(instance, commit.ExpectedRevision + 1, StateCopier.Copy(instance.State));
        var bookmarks = added.Count == 0 ? NoBookmarks : added.Select(b => StateCopier.CopyBookmark(b)).ToList();

        lock (_lock)
        {
            EnsureCommittable(commit, bookmarks);
            _instances[instance.Id] = stored;
            for (var i = 0; i < commit.RemovedBookmarkIds.Count; i++) _bookmarks.Remove(commit.RemovedBookmarkIds[i]);
            for (var i = 0; i < bookmarks.Count; i++) _bookmarks[bookmarks[i].Id] = bookmarks[i];
            if (commit.Journal.Count > 0) AppendJournal(instance.Id, commit);
            if (commit.Incidents.Count > 0) GetOrAdd(_incidents, instance.Id).AddRange(commit.Incidents);
            ApplyRetention(instance.Id, stored);
        }
        instance.Revision = commit.ExpectedRevision + 1;
        return Task.CompletedTask;
    }

    // Indexed, into a list sized for the whole commit: a LINQ projection into AddRange grew a new list twice per instance.
    // The first entries of an instance keep the engine's own list when it handed it over (entries are immutable records).
    private void AppendJournal(string instanceId, InstanceCommit commit)
    {
        var entries = commit.Journal;
        if (!_journal.TryGetValue(instanceId, out var list))
        {
            if (commit.JournalHandedOver && entries is List<JournalEntry> handed && AllOf(handed, instanceId))
            {
                _journal[instanceId] = handed;
                return;
            }
            _journal[instanceId] = list = new List<JournalEntry>(entries.Count);
        }
        for (var i = 0; i < entries.Count; i++)
        {
            var j = entries[i];
            list.Add(j.InstanceId == instanceId ? j : j with { InstanceId = instanceId });
        }
    }

    private static bool AllOf(List<JournalEntry> entries, string instanceId)
    {
        foreach (var e in entries)
            if (e.InstanceId != instanceId) return false;
        return true;
    }

    // Under the lock, after the commit is stored: at most one instance joins the queue per commit, so the amortized
    // cost of what leaves is O(1).
    private void ApplyRetention(string instanceId, WorkflowInstance header)
    {
        // Only an age limit needs the time; a finished instance's own end time orders the queue.
        var now = _finished.KeepsByAge ? _clock.GetUtcNow() : header.FinishedAt ?? header.UpdatedAt;
        _finished.Committed(instanceId, header.Revision, FinishedInstanceRetentionOptions.IsFinished(header.Status), now);
        while (_finished.TryTakeExpired(now, out var expired))
        {
            if (_retentionMode == RetentionMode.DeleteJournal) _journal.Remove(expired);
            else RemoveInstance(expired);
        }
    }

    private bool RemoveInstance(string instanceId)
    {
        if (!_instances.Remove(instanceId, out var stored)) return false;
        // The state lists the instance's bookmarks, so removing them does not scan every bookmark of the store.
        if (stored.State.BookmarksIfAny is { } own)
        {
            foreach (var b in own)
                if (_bookmarks.TryGetValue(b.Id, out var kept) && kept.InstanceId == instanceId) _bookmarks.Remove(b.Id);
        }
        _journal.Remove(instanceId);
        _incidents.Remove(instanceId);
        return true;
    }

    // Checks everything before changing anything: a failed commit leaves no trace.
    private void EnsureCommittable(InstanceCommit commit, IReadOnlyList<Bookmark> added)
    {
        var id = commit.Instance.Id;
        var exists = _instances.TryGetValue(id, out var current);
        if (commit.ExpectedRevision == 0 ? exists : !exists || current!.Revision != commit.ExpectedRevision)
            throw CommitRules.RevisionConflict(id, commit.ExpectedRevision);

        // Most commits add and remove no bookmark: the sets are made only for one that does.
        HashSet<string>? removed = null;
        for (var i = 0; i < commit.RemovedBookmarkIds.Count; i++)
        {
            var bookmarkId = commit.RemovedBookmarkIds[i];
            if (!(removed ??= new(StringComparer.Ordinal)).Add(bookmarkId) || !_bookmarks.TryGetValue(bookmarkId, out var b) || b.InstanceId != id)
                throw CommitRules.MissingBookmark(id, bookmarkId);
        }
        if (added.Count == 0) return;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var b in added)
        {
            if (!seen.Add(b.Id) || (_bookmarks.ContainsKey(b.Id) && removed?.Contains(b.Id) != true))
                throw CommitRules.DuplicateBookmark(b.Id);
        }
    }

    private static readonly IReadOnlyList<Bookmark> NoBookmarks = [];

    /// <inheritdoc />
    public Task<WorkflowInstance?> FindAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        WorkflowInstance? stored;
        lock (_lock) _instances.TryGetValue(instanceId, out stored);
        return Task.FromResult(stored is null ? null : Load(stored));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<WorkflowInstance>> ListAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        List<WorkflowInstance> page;
        lock (_lock)
        {
            page = Filter(query)
                .OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id, StringComparer.Ordinal)
                .Skip(Math.Max(0, query.Skip)).Take(Math.Max(0, query.Take)).ToList();
        }
        return Task.FromResult<IReadOnlyList<WorkflowInstance>>(page.ConvertAll(Load));
    }

    /// <inheritdoc />
    public Task<int> CountAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_lock) return Task.FromResult(Filter(query).Count());
    }

    private IEnumerable<WorkflowInstance> Filter(InstanceQuery query) => _instances.Values.Where(s =>
        (query.DefinitionId is null || s.DefinitionId == query.DefinitionId) &&
        (query.Status is null || s.Status == query.Status));

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            foreach (var id in _bookmarks.Values.Where(b => b.InstanceId == instanceId).Select(b => b.Id).ToList()) _bookmarks.Remove(id);
            _journal.Remove(instanceId);
            _incidents.Remove(instanceId);
            _finished.Forget(instanceId);
            return Task.FromResult(_instances.Remove(instanceId));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<JournalEntry>> GetJournalAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        List<JournalEntry> entries;
        lock (_lock) entries = _journal.TryGetValue(instanceId, out var list) ? [.. list] : [];
        // Stable sort: entries with the same sequence stay in commit order, as the SQLite store orders by row id.
        return Task.FromResult<IReadOnlyList<JournalEntry>>(entries.OrderBy(e => e.Sequence).ToList());
    }

    /// <inheritdoc />
    public Task<Bookmark?> FindBookmarkAsync(string bookmarkId, CancellationToken cancellationToken = default)
    {
        Bookmark? b;
        lock (_lock) _bookmarks.TryGetValue(bookmarkId, out b);
        return Task.FromResult(b is null ? null : StateCopier.CopyBookmark(b));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Bookmark>> FindBookmarksAsync(string name, string? correlationId, CancellationToken cancellationToken = default) =>
        SelectBookmarks(b => b.Name == name && (correlationId is null || b.CorrelationId == correlationId), b => b.CreatedAt);

    /// <inheritdoc />
    public Task<IReadOnlyList<Bookmark>> FindExpiredBookmarksAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        SelectBookmarks(b => b.ExpiresAt is { } at && at <= now, b => b.ExpiresAt!.Value);

    private Task<IReadOnlyList<Bookmark>> SelectBookmarks(Func<Bookmark, bool> predicate, Func<Bookmark, DateTimeOffset> orderBy)
    {
        List<Bookmark> found;
        lock (_lock) found = _bookmarks.Values.Where(predicate).ToList();
        return Task.FromResult<IReadOnlyList<Bookmark>>(found
            .OrderBy(orderBy).ThenBy(b => b.Id, StringComparer.Ordinal)
            .Select(b => StateCopier.CopyBookmark(b)).ToList());
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> FindInterruptedAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<string>>(_instances.Values
                .Where(s => s.Status == WorkflowStatus.Running)
                .OrderBy(s => s.CreatedAt).Select(s => s.Id).ToList());
        }
    }

    private static WorkflowInstance Load(WorkflowInstance stored)
    {
        return CopyHeader(stored, stored.Revision, StateCopier.Copy(stored.State));
    }

    private static WorkflowInstance CopyHeader(WorkflowInstance i, long revision, WorkflowState state) => new()
    {
        State = state,
        Id = i.Id, DefinitionId = i.DefinitionId, DefinitionVersionId = i.DefinitionVersionId, Version = i.Version,
        Name = i.Name, CorrelationId = i.CorrelationId, Status = i.Status, CreatedAt = i.CreatedAt,
        UpdatedAt = i.UpdatedAt, FinishedAt = i.FinishedAt, Revision = revision,
    };

    private static List<T> GetOrAdd<T>(Dictionary<string, List<T>> map, string key)
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = [];
        return list;
    }
}
