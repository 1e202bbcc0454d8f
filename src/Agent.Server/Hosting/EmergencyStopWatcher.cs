using Agent.Activities.Guards;
using Microsoft.Extensions.Options;

namespace Agent.Server.Hosting;

/// <summary>
/// Watches the stop file in every agent process (server, MCP, CLI verbs): when it appears — set by another process or
/// by hand — this process's Claude runs are killed and its running instances cancelled within one poll interval.
/// </summary>
public sealed partial class EmergencyStopWatcher(EmergencyStop stop, EmergencyStopEnforcer enforcer, IOptions<GuardOptions> options, ILogger<EmergencyStopWatcher> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.StopPollInterval);
        var reported = false;
        do
        {
            var stopped = stop.Status() is not null;
            if (stopped)
            {
                var killed = enforcer.Enforce();
                if (killed > 0 || !reported) LogEnforced(stop.FilePath, killed);
            }
            reported = stopped;
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Emergency stop ({File}) is active: killed {Killed} Claude run(s); new runs and cycles are refused")]
    private partial void LogEnforced(string file, int killed);
}
