using Agent.Activities.Telemetry;
using Agent.Workflows.Cluster;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Cluster;

/// <summary>
/// Counts every lease takeover of this replica in <c>agent.lease.takeovers</c> (<see cref="AgentMetrics.RecordLeaseTakeover"/>),
/// under the replica label the metrics use (<see cref="TelemetryOptions.Replica"/>), so it matches the series'
/// zero point. Without metrics (a CLI command, not a server) the takeover is only logged.
/// </summary>
public sealed class LeaseTakeoverMetrics(AgentMetrics? metrics, IOptions<TelemetryOptions> telemetry) : IInstanceTakeoverListener
{
    /// <inheritdoc />
    public ValueTask TakenOverAsync(string instanceId, string previousOwner, string newOwner, CancellationToken cancellationToken)
    {
        metrics?.RecordLeaseTakeover(telemetry.Value.Replica);
        return ValueTask.CompletedTask;
    }
}
