using System.Buffers;
using System.Text.Json;
using Agent.Workflows.Persistence.Serialization;
using Agent.Workflows.Runtime;

namespace Agent.Workflows.Persistence.Sqlite;

/// <summary>
/// Reusable buffers that instance states are serialized into as UTF-8 JSON, the form SQLite stores, so a commit
/// allocates neither a JSON string (about 700 B for a small state) nor its UTF-8 copy.
/// </summary>
/// <remarks>
/// States are serialized before the commit lock is taken (JSON work for one instance must not hold up the commits of
/// others), so several commits may need a buffer at once: a few are kept, more are made when all are out and dropped
/// when they come back to a full pool. A buffer grown past <see cref="MaxKeptBytes"/> by an unusually large state is
/// not kept either. Thread-safe.
/// </remarks>
internal sealed class StateJsonBuffers
{
    private const int MaxKeptBytes = 1 << 20;
    private readonly StateJsonBuffer?[] _kept = new StateJsonBuffer?[Math.Clamp(Environment.ProcessorCount, 2, 16)];

    /// <summary>Serializes <paramref name="state"/> into a buffer; give it back with <see cref="Return"/> once the bytes are written.</summary>
    public StateJsonBuffer Serialize(WorkflowState state)
    {
        var buffer = Rent();
        try
        {
            buffer.Write(state);
            return buffer;
        }
        catch
        {
            Return(buffer);
            throw;
        }
    }

    /// <summary>Hands a buffer back for reuse.</summary>
    public void Return(StateJsonBuffer buffer)
    {
        if (buffer.Capacity > MaxKeptBytes) return;
        for (var i = 0; i < _kept.Length; i++)
        {
            if (Interlocked.CompareExchange(ref _kept[i], buffer, null) is null) return;
        }
    }

    private StateJsonBuffer Rent()
    {
        for (var i = 0; i < _kept.Length; i++)
        {
            if (Interlocked.Exchange(ref _kept[i], null) is { } buffer) return buffer;
        }
        return new StateJsonBuffer();
    }
}

/// <summary>One state's UTF-8 JSON, written by the same serializer and options as <see cref="StateJson.Serialize"/>.</summary>
internal sealed class StateJsonBuffer
{
    // The writer options JsonSerializer derives from StateJson.Options when it serializes to a string, so the bytes
    // are exactly those of StateJson.Serialize (the store's tests compare the two).
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = StateJson.Options.Encoder,
        Indented = StateJson.Options.WriteIndented,
        MaxDepth = StateJson.Options.MaxDepth,
    };

    private readonly ArrayBufferWriter<byte> _bytes = new(1024);
    private readonly Utf8JsonWriter _writer;

    public StateJsonBuffer() => _writer = new Utf8JsonWriter(_bytes, WriterOptions);

    /// <summary>The JSON of the last <see cref="Write"/>.</summary>
    public ReadOnlyMemory<byte> Json => _bytes.WrittenMemory;

    public int Capacity => _bytes.Capacity;

    public void Write(WorkflowState state)
    {
        _bytes.ResetWrittenCount();
        _writer.Reset(_bytes);
        JsonSerializer.Serialize(_writer, state, StateJson.Options);
        _writer.Flush();
    }
}
