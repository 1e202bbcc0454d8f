using Agent.Activities.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Approvals;

/// <summary>
/// Runs <see cref="DecidedApprovalResumer"/> once at start-up (this process may be the one that died between recording a
/// decision and resuming it) and then every <see cref="ApprovalsOptions.DecidedSweepInterval"/> (another replica may have
/// died so). A decision is left to its own process for one interval before the sweep resumes it.
/// </summary>
public sealed partial class DecidedApprovalSweep(DecidedApprovalResumer resumer, IOptions<ApprovalsOptions> options, TimeProvider clock, ILogger<DecidedApprovalSweep> logger)
    : PeriodicBackgroundService(clock)
{
    /// <inheritdoc />
    protected override TimeSpan Interval => options.Value.DecidedSweepInterval;

    /// <inheritdoc />
    protected override async Task PassAsync(bool first, CancellationToken stoppingToken)
    {
        // The interval is also the grace: a decision is left to its own process for one interval.
        var resumed = await resumer.ResumeAsync(Interval, stoppingToken);
        if (resumed > 0) LogResumed(resumed);
    }

    // The decisions stay recorded and the bookmarks waiting; the next tick tries again.
    /// <inheritdoc />
    protected override void OnPassFailed(Exception exception) => LogFailed(exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Resumed {Count} approval(s) decided earlier whose instance was still waiting (the deciding process stopped before resuming it)")]
    private partial void LogResumed(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Resuming decided approvals failed; the decisions stay recorded and the next sweep retries")]
    private partial void LogFailed(Exception exception);
}
