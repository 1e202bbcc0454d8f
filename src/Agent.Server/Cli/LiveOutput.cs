using Agent.Workflows.Execution;
using Agent.Workflows.Runtime;

namespace Agent.Server.Cli;

/// <summary>Prints what instances write (<c>Elsa.WriteLine</c>) as it is written. Dispose to stop.</summary>
public sealed class LiveOutput : IDisposable
{
    private readonly WorkflowRuntime _runtime;
    private readonly CliConsole _console;
    private readonly string? _instanceId;

    private LiveOutput(WorkflowRuntime runtime, CliConsole console, string? instanceId)
    {
        (_runtime, _console, _instanceId) = (runtime, console, instanceId);
        _runtime.LineWritten += OnLineWritten;
    }

    /// <summary>Starts printing the lines of one instance, or of every instance when <paramref name="instanceId"/> is null.</summary>
    public static LiveOutput Attach(WorkflowRuntime runtime, CliConsole console, string? instanceId = null) => new(runtime, console, instanceId);

    /// <inheritdoc />
    public void Dispose() => _runtime.LineWritten -= OnLineWritten;

    private void OnLineWritten(WorkflowInstance instance, string line)
    {
        if (_instanceId is null || instance.Id == _instanceId) _console.WriteLine(line);
    }
}
