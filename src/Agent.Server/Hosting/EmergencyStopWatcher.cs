using Agent.Activities.Guards;
using Agent.Activities.Hosting;
using Microsoft.Extensions.Options;

namespace Agent.Server.Hosting;

/// <summary>
/// Watches the stop file in every agent process (server, MCP, CLI verbs): when it appears — set by another process or
/// by hand — this process's Claude runs are killed and its running instances cancelled within one poll interval.
/// </summary>
public sealed partial class EmergencyStopWatcher(EmergencyStop stop, EmergencyStopEnforcer enforcer, IOptions<GuardOptions> options, ILogger<EmergencyStopWatcher> logger)
    : PeriodicBackgroundService(TimeProvider.System)
{
    // Whether the last pass saw the stop, so an active stop is logged once and then only when it kills something.
    private bool _reported;

    /// <inheritdoc />
    protected override TimeSpan Interval => options.Value.StopPollInterval;

    /// <inheritdoc />
    protected override async Task PassAsync(bool first, CancellationToken stoppingToken)
    {
        var stopped = stop.Status() is not null;
        if (stopped)
        {
            var killed = await enforcer.EnforceAsync(stoppingToken);
            if (killed > 0 || !_reported) LogEnforced(stop.FilePath, killed);
        }
        _reported = stopped;
    }

    // The stop file stays where it is; the next poll enforces it again.
    /// <inheritdoc />
    protected override void OnPassFailed(Exception exception) => LogFailed(stop.FilePath, exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Emergency stop ({File}) is active: killed {Killed} Claude run(s); new runs and cycles are refused")]
    private partial void LogEnforced(string file, int killed);

    [LoggerMessage(Level = LogLevel.Error, Message = "Checking or enforcing the emergency stop ({File}) failed; the next poll tries again")]
    private partial void LogFailed(string file, Exception exception);
}
