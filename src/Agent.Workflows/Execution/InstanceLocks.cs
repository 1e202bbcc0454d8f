namespace Agent.Workflows.Execution;

/// <summary>
/// One async lock per instance id, so an instance runs on at most one thread of this process at a time.
/// Entries are reference-counted and removed when nobody holds or waits for them: finished instances leave nothing behind.
/// </summary>
internal sealed class InstanceLocks
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    // Entries nobody uses any more, kept for the next instances: a semaphore per instance start was ~100 B of garbage.
    // An entry goes back only when its count is 0 and no one waits, so a reused semaphore is free; bounded, so a burst
    // of parallel instances does not leave a big pool behind.
    private readonly Stack<Entry> _free = new();
    private const int FreeLimit = 64;

    private sealed class Entry
    {
        public readonly SemaphoreSlim Semaphore = new(1, 1);
        public int Users;
    }

    /// <summary>Waits for the instance's lock; dispose the result to release it.</summary>
    public async ValueTask<Releaser> AcquireAsync(string instanceId, CancellationToken cancellationToken)
    {
        Entry entry;
        lock (_entries)
        {
            if (!_entries.TryGetValue(instanceId, out entry!)) _entries[instanceId] = entry = _free.TryPop(out var reused) ? reused : new Entry();
            entry.Users++;
        }
        try { await entry.Semaphore.WaitAsync(cancellationToken).ConfigureAwait(false); }
        catch { Leave(instanceId, entry); throw; }
        return new Releaser(this, instanceId, entry);
    }

    /// <summary>How many instances have a lock entry now (for tests and diagnostics).</summary>
    public int Count { get { lock (_entries) return _entries.Count; } }

    private void Leave(string instanceId, Entry entry)
    {
        lock (_entries)
        {
            if (--entry.Users != 0) return;
            _entries.Remove(instanceId);
            if (_free.Count < FreeLimit && entry.Semaphore.CurrentCount == 1) _free.Push(entry);
        }
    }

    /// <summary>Releases an acquired lock.</summary>
    public readonly struct Releaser(InstanceLocks owner, string instanceId, object entry) : IDisposable
    {
        /// <inheritdoc />
        public void Dispose()
        {
            var e = (Entry)entry;
            e.Semaphore.Release();
            owner.Leave(instanceId, e);
        }
    }
}
