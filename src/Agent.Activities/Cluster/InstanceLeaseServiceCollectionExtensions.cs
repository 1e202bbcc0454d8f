using Agent.Activities.Telemetry;
using Agent.Workflows.Cluster;
using Agent.Workflows.Persistence.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Agent.Workflows.Runtime;

namespace Agent.Activities.Cluster;

/// <summary>Registers instance leases for replicas sharing one PostgreSQL database (docs/production/cluster.md).</summary>
public static class InstanceLeaseServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IInstanceLeases"/> on the engine's database (owner <see cref="ClusterOptions.EffectiveReplicaId"/>,
    /// timeout <see cref="ClusterOptions.LeaseTimeout"/>), its heartbeat, and the takeover metric. Every process that
    /// runs instances needs these; only a server also sweeps (<see cref="AddInstanceTakeoverSweep"/>).
    /// </summary>
    public static IServiceCollection AddInstanceLeases(this IServiceCollection services)
    {
        services.TryAddSingleton<IInstanceLeases>(sp =>
        {
            var cluster = sp.GetRequiredService<IOptions<ClusterOptions>>().Value;
            return new PostgreSqlInstanceLeases(sp.GetRequiredService<WorkflowDataSource>(), cluster.EffectiveReplicaId, cluster.LeaseTimeout);
        });
        services.AddHostedService<InstanceLeaseHeartbeat>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInstanceTakeoverListener, LeaseTakeoverMetrics>(sp =>
            new LeaseTakeoverMetrics(sp.GetService<AgentMetrics>(), sp.GetRequiredService<IOptions<TelemetryOptions>>())));
        return services;
    }

    /// <summary>
    /// Registers the takeover sweep (<see cref="OrphanedInstanceSweep"/>). It only sweeps when instance leases are in
    /// use (PostgreSQL); with SQLite it ends at once — start-up recovery continues interrupted instances on one machine.
    /// </summary>
    public static IServiceCollection AddInstanceTakeoverSweep(this IServiceCollection services)
    {
        services.AddHostedService(sp => new OrphanedInstanceSweep(
            sp.GetService<IInstanceLeases>(), sp.GetRequiredService<WorkflowRuntime>(),
            sp.GetRequiredService<IOptions<ClusterOptions>>(), sp.GetRequiredService<ILogger<OrphanedInstanceSweep>>()));
        return services;
    }
}
