using Microsoft.Extensions.Logging;

namespace Agent.Activities.Discovery;

/// <summary>
/// A logger factory for one probe that keeps what explains a failure: lines the server wrote to stdout that are not
/// JSON-RPC (the MCP client logs them at trace level as "message parsing failed"), and warnings or errors other than the
/// client's generic "initialization error".
/// </summary>
internal sealed class TransportLog(int capacity) : ILoggerFactory, ILoggerProvider, ILogger
{
    private const string ParsingFailed = "message parsing failed";
    private const string MessageMarker = "Message: '";
    private readonly LineTail _notJsonRpc = new(capacity);
    private readonly LineTail _problems = new(capacity);
    private int _notJsonRpcCount;

    /// <summary>Lines on stdout the client could not parse as JSON-RPC (the last few).</summary>
    public IReadOnlyList<string> NotJsonRpc => _notJsonRpc.Lines();

    /// <summary>How many lines on stdout were not JSON-RPC.</summary>
    public int NotJsonRpcCount => Volatile.Read(ref _notJsonRpcCount);

    /// <summary>Warnings and errors the client logged.</summary>
    public IReadOnlyList<string> Problems => _problems.Lines();

    public ILogger CreateLogger(string categoryName) => this;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var text = formatter(state, exception);
        if (text.Contains(ParsingFailed, StringComparison.OrdinalIgnoreCase))
        {
            Interlocked.Increment(ref _notJsonRpcCount);
            var start = text.IndexOf(MessageMarker, StringComparison.Ordinal);
            var end = text.LastIndexOf('\'');
            _notJsonRpc.Add(start >= 0 && end > start + MessageMarker.Length ? text[(start + MessageMarker.Length)..end] : text);
        }
        else if (logLevel >= LogLevel.Warning && !text.Contains("client initialization error", StringComparison.OrdinalIgnoreCase))
        {
            _problems.Add(exception is null ? text : $"{text} ({exception.Message})");
        }
    }
}
