using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;

namespace Agent.Server.Health;

/// <summary>
/// Healthy when the Quartz scheduler runs: started, not in standby, not shut down. With the schedule disabled
/// (<c>Schedule:Enabled=false</c>) there is no scheduler to wait for, which is healthy too.
/// </summary>
public sealed class SchedulerHealthCheck(ISchedulerFactory? factory = null) : IHealthCheck
{
    /// <summary>The name of this check in the health answers.</summary>
    public const string Name = "scheduler";

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (factory is null) return HealthCheckResult.Healthy("The schedule is disabled (Schedule:Enabled=false); no scheduler runs.");
        try
        {
            var scheduler = await factory.GetScheduler(cancellationToken);
            var name = scheduler.SchedulerName;
            return await scheduler.GetStatus(cancellationToken) switch
            {
                SchedulerStatus.Running => HealthCheckResult.Healthy($"The scheduler '{name}' is running."),
                SchedulerStatus.Created => HealthCheckResult.Unhealthy($"The scheduler '{name}' has not started yet; wait for start-up to finish, or see the server log if it stays so."),
                SchedulerStatus.Standby => HealthCheckResult.Unhealthy($"The scheduler '{name}' is in standby, so no cron trigger fires; start it again or restart the server."),
                SchedulerStatus.ShuttingDown or SchedulerStatus.Shutdown => HealthCheckResult.Unhealthy($"The scheduler '{name}' has shut down; restart the server."),
                var other => HealthCheckResult.Unhealthy($"The scheduler '{name}' is in state {other}; see the server log and restart the server."),
            };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"The scheduler cannot be reached: {e.Message}", e);
        }
    }
}
