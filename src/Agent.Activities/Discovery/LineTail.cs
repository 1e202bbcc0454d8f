namespace Agent.Activities.Discovery;

/// <summary>Keeps the last lines written to it (thread-safe), so a chatty server cannot fill memory.</summary>
public sealed class LineTail(int capacity)
{
    private readonly Queue<string> _lines = new();
    private readonly Lock _lock = new();

    /// <summary>Adds a line, dropping the oldest when full.</summary>
    public void Add(string line)
    {
        lock (_lock)
        {
            _lines.Enqueue(line.Length > 2000 ? line[..2000] + "…" : line);
            while (_lines.Count > capacity) _lines.Dequeue();
        }
    }

    /// <summary>The kept lines, oldest first.</summary>
    public IReadOnlyList<string> Lines()
    {
        lock (_lock) return [.. _lines];
    }
}
