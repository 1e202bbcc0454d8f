using Agent.Activities.Coordination.Consensus;
using Agent.Activities.Coordination.Distribution;
using Agent.Activities.Coordination.Detection;
using Agent.Activities.Coordination.Messaging;
using Agent.Activities.Coordination.Spawning;
using Agent.Activities.Persistence;
using Agent.Workflows;
using Agent.Workflows.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Coordination;

/// <summary>Registers the agents' message bus and task queue: options, the coordination database, the registry, the bus, the queue and their activities.</summary>
public static class CoordinationServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="MessageBus"/>, <see cref="AgentRegistry"/>, <see cref="MessageDispatcher"/> and the activities
    /// <see cref="SendMessage"/> and <see cref="ReceiveMessage"/>, the task queue (<see cref="TaskQueue"/>) and its activities
    /// <see cref="EnqueueTasks"/>, <see cref="LeaseTask"/>, <see cref="CompleteTask"/> and <see cref="Heartbeat"/>, emergent-behaviour detection, and spawning (<see cref="AgentSpawner"/>, <see cref="SpawnAgents"/>, <see cref="ReleaseAgent"/>) (<c>Coordination:Detection</c>), with <see cref="CoordinationOptions"/> bound (and
    /// validated on start) from <paramref name="section"/>; a relative database path resolves against <paramref name="contentRoot"/>.
    /// </summary>
    public static IServiceCollection AddCoordination(this IServiceCollection services, IConfigurationSection section, string contentRoot)
    {
        services.BindValidated<CoordinationOptions>(section)
            .PostConfigure(o => o.DatabasePath = string.IsNullOrWhiteSpace(o.DatabasePath) ? o.DatabasePath : Path.GetFullPath(o.DatabasePath, contentRoot));
        services.TryAddSingleton(TimeProvider.System);
        services.AddStoreDatabaseOptions();
        services.TryAddSingleton(sp => new CoordinationDatabase(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value, sp.GetRequiredService<IOptions<CoordinationOptions>>().Value.DatabasePath));
        services.TryAddSingleton<AgentRegistry>();
        services.TryAddSingleton<MessageStore>();
        services.TryAddSingleton<MessageSignal>();
        services.TryAddSingleton<MessageDispatcher>();
        services.TryAddSingleton<MessageBus>();
        services.AddActivity<SendMessage>();
        services.AddActivity<ReceiveMessage>();
        services.TryAddSingleton<TaskStore>();
        services.TryAddSingleton<AgentCapabilities>();
        services.TryAddSingleton<AgentPicker>();
        services.TryAddSingleton<TaskLeases>();
        services.TryAddSingleton<TaskDispatcher>();
        services.TryAddSingleton<TaskWaitDispatcher>();
        services.TryAddSingleton<TaskQueue>();
        services.AddActivity<EnqueueTasks>();
        services.AddActivity<LeaseTask>();
        services.AddActivity<CompleteTask>();
        services.AddActivity<Heartbeat>();
        services.AddActivity<AwaitTasks>();
        services.AddCoordinationDetection(section.GetSection(DetectionOptions.SectionName));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CoordinationOptions>, RoleOptionsValidator>());
        services.TryAddSingleton<RolePermissions>();
        services.TryAddSingleton<SpawnStore>();
        services.TryAddSingleton<WorkerLauncher>();
        services.TryAddSingleton<AgentSpawner>();
        services.TryAddSingleton<EndedWorkerReaper>();
        services.TryAddSingleton<ActiveWorkerHeartbeats>();
        services.TryAddSingleton<PausedWorkflowRelease>();
        services.AddActivity<SpawnAgents>();
        services.AddActivity<ReleaseAgent>();
        services.AddActivity<SetAgentStatus>();
        services.AddActivity<CoordinationMcpServer>();
        services.AddConsensus(section.GetSection(ConsensusOptions.SectionName));
        return services;
    }
}
