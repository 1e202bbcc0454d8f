using Microsoft.Extensions.Logging;

namespace Agent.Activities.Discovery;

/// <summary>
/// A logger factory for one probe that keeps what the MCP client reports at warning level or above (e.g. a line on
/// stdout that is not JSON-RPC), so a failed server's report can say what the transport saw.
/// </summary>
internal sealed class TransportLog(int capacity) : ILoggerFactory, ILoggerProvider, ILogger
{
    private readonly LineTail _messages = new(capacity);

    public IReadOnlyList<string> Messages => _messages.Lines();

    public ILogger CreateLogger(string categoryName) => this;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel)) _messages.Add(formatter(state, exception));
    }
}
