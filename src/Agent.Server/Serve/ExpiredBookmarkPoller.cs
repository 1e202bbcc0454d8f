using Agent.Activities.Hosting;
using Agent.Server.Hosting;
using Agent.Workflows.Execution;
using Microsoft.Extensions.Options;
using Agent.Workflows.Runtime;

namespace Agent.Server.Serve;

/// <summary>Resumes bookmarks whose expiry has passed (delays, timers, approval timeouts) at a fixed interval.</summary>
public sealed partial class ExpiredBookmarkPoller(WorkflowRuntime runtime, IOptions<ServerOptions> options, TimeProvider clock, ILogger<ExpiredBookmarkPoller> logger)
    : PeriodicBackgroundService(clock)
{
    /// <inheritdoc />
    protected override TimeSpan Interval => options.Value.ExpiredBookmarkPollInterval;

    /// <inheritdoc />
    protected override bool PassesAtStart => false;

    /// <inheritdoc />
    protected override async Task PassAsync(bool first, CancellationToken stoppingToken)
    {
        var resumed = await runtime.ResumeExpiredAsync(stoppingToken);
        if (resumed > 0) LogResumed(resumed);
    }

    // One bad instance must not stop timers of the others; the next tick tries again.
    /// <inheritdoc />
    protected override void OnPassFailed(Exception exception) => LogFailed(exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Resumed {Count} expired bookmark(s)")]
    private partial void LogResumed(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Resuming expired bookmarks failed")]
    private partial void LogFailed(Exception exception);
}
