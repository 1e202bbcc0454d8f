using Agent.Server.Hosting;
using Agent.Workflows.Execution;
using Microsoft.Extensions.Options;
using Agent.Workflows.Runtime;

namespace Agent.Server.Serve;

/// <summary>Resumes bookmarks whose expiry has passed (delays, timers, approval timeouts) at a fixed interval.</summary>
public sealed partial class ExpiredBookmarkPoller(WorkflowRuntime runtime, IOptions<ServerOptions> options, TimeProvider clock, ILogger<ExpiredBookmarkPoller> logger)
    : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ExpiredBookmarkPollInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var resumed = await runtime.ResumeExpiredAsync(stoppingToken);
                if (resumed > 0) LogResumed(resumed);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One bad instance must not stop timers of the others; the next tick tries again.
                LogFailed(e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Resumed {Count} expired bookmark(s)")]
    private partial void LogResumed(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Resuming expired bookmarks failed")]
    private partial void LogFailed(Exception exception);
}
