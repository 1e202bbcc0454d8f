using Agent.Workflows.Cluster;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Cluster;

/// <summary>
/// Renews every lease this replica owns each <see cref="ClusterOptions.HeartbeatInterval"/>, so the instances it runs
/// are not taken over while it lives — however long one activity takes.
/// </summary>
public sealed partial class InstanceLeaseHeartbeat(IInstanceLeases leases, IOptions<ClusterOptions> options, ILogger<InstanceLeaseHeartbeat> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval);
        do
        {
            try { await leases.RenewAsync(stoppingToken); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One missed beat is within the margin (LeaseTimeout > 2 beats); the next one tries again.
                LogMissed(leases.ReplicaId, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replica {Replica} could not renew its instance leases: {Reason}. If the database stays unreachable past Cluster:LeaseTimeout, other replicas take its instances over once its locks are gone.")]
    private partial void LogMissed(string replica, string reason);
}
