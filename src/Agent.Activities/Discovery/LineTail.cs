namespace Agent.Activities.Discovery;

/// <summary>Keeps the last lines written to it (thread-safe), so a chatty server cannot fill memory.</summary>
public sealed class LineTail(int capacity)
{
    private readonly Queue<string> _lines = new();
    private readonly Lock _lock = new();
    private long _added;

    /// <summary>Adds a line, dropping the oldest when full.</summary>
    public void Add(string line)
    {
        lock (_lock)
        {
            _added++;
            _lines.Enqueue(line.Length > 2000 ? line[..2000] + "…" : line);
            while (_lines.Count > capacity) _lines.Dequeue();
        }
    }

    /// <summary>
    /// Waits until no line has arrived for <paramref name="quiet"/> (at most <paramref name="limit"/>): the lines a
    /// process wrote just before it died are delivered asynchronously, after the failure they explain is seen.
    /// </summary>
    public async Task SettleAsync(TimeSpan quiet, TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + limit;
        long seen;
        lock (_lock) seen = _added;
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(quiet, cancellationToken).ConfigureAwait(false);
            long now;
            lock (_lock) now = _added;
            if (now == seen) return;
            seen = now;
        }
    }

    /// <summary>The kept lines, oldest first.</summary>
    public IReadOnlyList<string> Lines()
    {
        lock (_lock) return [.. _lines];
    }
}
