using Agent.Activities.Schedule;
using Agent.Activities.Hosting;
using Microsoft.Extensions.Options;

namespace Agent.Server.Serve;

/// <summary>
/// Keeps the Quartz schedule in line with the published definitions and the pause state: once at start (applying the
/// misfire policy to fires missed while the server was down), then every <see cref="ScheduleOptions.SyncInterval"/>, so
/// a version published or a schedule paused by another process (the CLI) takes effect here.
/// </summary>
public sealed partial class ScheduleSyncService(QuartzScheduleSync sync, IOptions<ScheduleOptions> options, ILogger<ScheduleSyncService> logger)
    : PeriodicBackgroundService(TimeProvider.System)
{
    // Until the first sync succeeds, each pass applies the misfire policy: a failed first sync must not skip it.
    private bool _caughtUp;

    /// <inheritdoc />
    protected override TimeSpan Interval => options.Value.SyncInterval;

    /// <inheritdoc />
    protected override async Task PassAsync(bool first, CancellationToken stoppingToken)
    {
        var entries = await sync.SyncAsync(catchUpMisfires: !_caughtUp, stoppingToken);
        if (!_caughtUp) LogScheduled(entries.Count);
        _caughtUp = true;
    }

    /// <inheritdoc />
    protected override void OnPassFailed(Exception exception) => LogSyncFailed(exception.Message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule: {Count} definition(s) with a cron trigger scheduled")]
    private partial void LogScheduled(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schedule sync failed: {Reason}")]
    private partial void LogSyncFailed(string reason);
}
