using Agent.Activities.Coordination.Detection;
using Agent.Activities.Hosting;
using Microsoft.Extensions.Options;

namespace Agent.Server.Serve;

/// <summary>
/// Runs the emergent-behaviour detectors every <c>Coordination:Detection:Interval</c> while <c>agent serve</c> runs
/// (unless <c>Coordination:Detection:Enabled</c> is false), over the workspaces the registered
/// <see cref="IAgentWorkspaceSource"/> lists. A failed sweep is logged and the next tick tries again; incidents it
/// stored but did not publish go out on the next sweep.
/// </summary>
public sealed partial class DetectionSweepService(DetectionSweep sweep, IAgentWorkspaceSource workspaces, IOptions<DetectionOptions> options, TimeProvider clock, ILogger<DetectionSweepService> logger)
    : PeriodicBackgroundService(clock)
{
    /// <inheritdoc />
    protected override TimeSpan Interval => options.Value.Interval;

    /// <inheritdoc />
    protected override bool IsEnabled => options.Value.Enabled;

    /// <inheritdoc />
    protected override bool PassesAtStart => false;

    /// <inheritdoc />
    protected override async Task PassAsync(bool first, CancellationToken stoppingToken)
    {
        var result = await sweep.RunAsync(await workspaces.ListAsync(stoppingToken), stoppingToken);
        if (result.Raised.Count > 0) LogRaised(result.Raised.Count, result.Paused);
    }

    /// <inheritdoc />
    protected override void OnPassFailed(Exception exception) => LogFailed(exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Emergent-behaviour detection raised {Count} incident(s); coordination paused: {Paused}")]
    private partial void LogRaised(int count, bool paused);

    [LoggerMessage(Level = LogLevel.Error, Message = "The emergent-behaviour sweep failed; the next interval tries again")]
    private partial void LogFailed(Exception exception);
}
