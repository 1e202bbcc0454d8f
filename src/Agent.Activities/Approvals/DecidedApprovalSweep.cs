using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Approvals;

/// <summary>
/// Runs <see cref="DecidedApprovalResumer"/> once at start-up (this process may be the one that died between recording a
/// decision and resuming it) and then every <see cref="ApprovalsOptions.DecidedSweepInterval"/> (another replica may have
/// died so). A decision is left to its own process for one interval before the sweep resumes it.
/// </summary>
public sealed partial class DecidedApprovalSweep(DecidedApprovalResumer resumer, IOptions<ApprovalsOptions> options, TimeProvider clock, ILogger<DecidedApprovalSweep> logger)
    : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.DecidedSweepInterval;
        try
        {
            await PassAsync(interval, stoppingToken);
            using var timer = new PeriodicTimer(interval, clock);
            while (await timer.WaitForNextTickAsync(stoppingToken)) await PassAsync(interval, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: a decided approval not resumed yet stays decided for the next sweep, here or elsewhere.
        }
    }

    private async Task PassAsync(TimeSpan grace, CancellationToken stoppingToken)
    {
        try
        {
            var resumed = await resumer.ResumeAsync(grace, stoppingToken);
            if (resumed > 0) LogResumed(resumed);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The decisions stay recorded and the bookmarks waiting; the next tick tries again.
            LogFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Resumed {Count} approval(s) decided earlier whose instance was still waiting (the deciding process stopped before resuming it)")]
    private partial void LogResumed(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Resuming decided approvals failed; the decisions stay recorded and the next sweep retries")]
    private partial void LogFailed(Exception exception);
}
