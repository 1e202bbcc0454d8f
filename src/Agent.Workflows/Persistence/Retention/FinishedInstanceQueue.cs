namespace Agent.Workflows.Persistence.Retention;

/// <summary>
/// The in-memory store's retention bookkeeping: finished instances in the order their finishing commit was stored,
/// so the oldest is always at the head and applying <see cref="FinishedInstanceRetentionOptions"/> costs O(1)
/// amortized per commit, however many instances are stored. Not thread-safe: the store calls it under its lock.
/// </summary>
internal sealed class FinishedInstanceQueue
{
    private readonly int _keepLast;
    private readonly TimeSpan? _keepFor;

    // Entries are never searched: an entry whose instance was committed again (or deleted) since is stale and is
    // skipped when it reaches the head. _live maps each finished instance to the revision of its one live entry.
    private readonly Queue<Entry> _entries = new();
    private readonly Dictionary<string, long> _live = new(StringComparer.Ordinal);

    private readonly record struct Entry(string InstanceId, long Revision, DateTimeOffset FinishedAt);

    /// <summary>Creates the queue for <paramref name="options"/>; without a count limit it keeps the in-memory default.</summary>
    public FinishedInstanceQueue(FinishedInstanceRetentionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _keepLast = options.KeepLast ?? FinishedInstanceRetentionOptions.InMemoryDefaultKeepLast;
        _keepFor = options.KeepFor;
    }

    /// <summary>How many finished instances are currently kept (in journal-only mode: kept with their journal).</summary>
    public int Count => _live.Count;

    /// <summary>True when instances expire by age (<c>KeepFor</c>): only then does <see cref="TryTakeExpired"/> need the current time.</summary>
    public bool KeepsByAge => _keepFor is not null;

    /// <summary>Records a stored commit: a finished instance joins the tail; one that is running again leaves.</summary>
    public void Committed(string instanceId, long revision, bool finished, DateTimeOffset now)
    {
        if (finished)
        {
            _live[instanceId] = revision;
            _entries.Enqueue(new Entry(instanceId, revision, now));
        }
        else
        {
            _live.Remove(instanceId);
        }
    }

    /// <summary>Forgets an instance deleted by other means, so it no longer counts against the limit.</summary>
    public void Forget(string instanceId) => _live.Remove(instanceId);

    /// <summary>
    /// Takes the next finished instance the limits no longer keep at <paramref name="now"/>, oldest first; false when
    /// every remaining one is kept. The caller removes it (or its journal) from the store.
    /// </summary>
    public bool TryTakeExpired(DateTimeOffset now, out string instanceId)
    {
        while (_entries.TryPeek(out var head))
        {
            if (!_live.TryGetValue(head.InstanceId, out var revision) || revision != head.Revision)
            {
                _entries.Dequeue(); // stale: committed again or deleted since
                continue;
            }
            var expired = _live.Count > _keepLast || (_keepFor is { } keepFor && now - head.FinishedAt >= keepFor);
            if (!expired) break;
            _entries.Dequeue();
            _live.Remove(head.InstanceId);
            instanceId = head.InstanceId;
            return true;
        }
        instanceId = "";
        return false;
    }
}
