using Agent.Workflows.Cluster;
using Agent.Activities.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Cluster;

/// <summary>
/// Renews every lease this replica owns each <see cref="ClusterOptions.HeartbeatInterval"/>, so the instances it runs
/// are not taken over while it lives — however long one activity takes.
/// </summary>
/// <remarks>Beats on the machine's clock whatever clock the engine is given: lease expiry is judged by the database's clock.</remarks>
public sealed partial class InstanceLeaseHeartbeat(IInstanceLeases leases, IOptions<ClusterOptions> options, ILogger<InstanceLeaseHeartbeat> logger)
    : PeriodicBackgroundService(TimeProvider.System)
{
    /// <inheritdoc />
    protected override TimeSpan Interval => options.Value.HeartbeatInterval;

    /// <inheritdoc />
    protected override Task PassAsync(bool first, CancellationToken stoppingToken) => leases.RenewAsync(stoppingToken);

    // One missed beat is within the margin (LeaseTimeout > 2 beats); the next one tries again.
    /// <inheritdoc />
    protected override void OnPassFailed(Exception exception) => LogMissed(leases.ReplicaId, exception.Message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replica {Replica} could not renew its instance leases: {Reason}. If the database stays unreachable past Cluster:LeaseTimeout, other replicas take its instances over once its locks are gone.")]
    private partial void LogMissed(string replica, string reason);
}
