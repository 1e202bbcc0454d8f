using Agent.Workflows.Runtime;

namespace Agent.Server.Serve;

/// <summary>
/// Continues the instances a crash left running, once the server is up. It runs in the background rather than in
/// <see cref="ServerStartup"/> because an interrupted step can take minutes (a build and a test run), and the server
/// must answer — health checks, the Studio, approvals, an emergency stop — while it does.
/// </summary>
public sealed partial class InterruptedInstanceRecovery(WorkflowRuntime runtime, ILogger<InterruptedInstanceRecovery> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var recovered = await runtime.RecoverInterruptedAsync(stoppingToken);
            if (recovered.Count > 0) LogRecovered(recovered.Count);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The instances stay Running in the store, so the next start tries again; the server keeps serving.
            LogFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recovered {Count} interrupted instance(s)")]
    private partial void LogRecovered(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Continuing the interrupted instances failed; they are retried on the next start")]
    private partial void LogFailed(Exception exception);
}
