using Agent.Activities.Schedule;
using Microsoft.Extensions.Options;

namespace Agent.Server.Serve;

/// <summary>
/// Keeps the Quartz schedule in line with the published definitions and the pause state: once at start (applying the
/// misfire policy to fires missed while the server was down), then every <see cref="ScheduleOptions.SyncInterval"/>, so
/// a version published or a schedule paused by another process (the CLI) takes effect here.
/// </summary>
public sealed partial class ScheduleSyncService(QuartzScheduleSync sync, IOptions<ScheduleOptions> options, ILogger<ScheduleSyncService> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var first = true;
        using var timer = new PeriodicTimer(options.Value.SyncInterval);
        do
        {
            try
            {
                var entries = await sync.SyncAsync(catchUpMisfires: first, stoppingToken);
                if (first) LogScheduled(entries.Count);
                first = false;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogSyncFailed(e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule: {Count} definition(s) with a cron trigger scheduled")]
    private partial void LogScheduled(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schedule sync failed: {Reason}")]
    private partial void LogSyncFailed(string reason);
}
