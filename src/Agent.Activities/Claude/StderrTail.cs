using System.Text;

namespace Agent.Activities.Claude;

/// <summary>Keeps the last <see cref="Capacity"/> characters of a stream so a chatty child cannot fill memory.</summary>
internal sealed class StderrTail(int capacity = StderrTail.DefaultCapacity)
{
    public const int DefaultCapacity = 4096;
    private readonly StringBuilder _text = new();
    private readonly Lock _lock = new();

    public int Capacity { get; } = capacity;

    /// <summary>Reads <paramref name="reader"/> to its end.</summary>
    public async Task ReadAsync(TextReader reader)
    {
        var buffer = new char[1024];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            lock (_lock)
            {
                _text.Append(buffer, 0, read);
                if (_text.Length > Capacity) _text.Remove(0, _text.Length - Capacity);
            }
        }
    }

    public override string ToString()
    {
        lock (_lock) return _text.ToString();
    }
}
