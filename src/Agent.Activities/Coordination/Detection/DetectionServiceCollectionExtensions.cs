using Agent.Workflows;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Coordination.Detection;

/// <summary>Registers emergent-behaviour detection: options, the detectors, incidents, the coordination control, the sweep and its activity.</summary>
public static class DetectionServiceCollectionExtensions
{
    /// <summary>
    /// Adds the six detectors, <see cref="CoordinationIncidentStore"/>, <see cref="ICoordinationControl"/>, <see cref="DetectionSweep"/>
    /// and <see cref="DetectEmergentBehaviour"/>, with <see cref="DetectionOptions"/> bound (validated on start) from
    /// <paramref name="section"/> (<c>Coordination:Detection</c>). Needs the coordination database (<c>AddCoordination</c>).
    /// </summary>
    public static IServiceCollection AddCoordinationDetection(this IServiceCollection services, IConfigurationSection section)
    {
        services.BindValidated<DetectionOptions>(section);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DetectionOptions>>(new DetectionOptionsValidator(section.Path)));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DetectionGit>();
        services.TryAddSingleton<GitHunkHistory>();
        services.TryAddSingleton<CoordinationIncidentStore>();
        services.TryAddSingleton<CoordinationControl>();
        services.TryAddSingleton<ICoordinationControl>(sp => sp.GetRequiredService<CoordinationControl>());
        // The work queue knows which agent works where; a host can still register its own source first.
        services.TryAddSingleton<IAgentWorkspaceSource, TaskQueueWorkspaces>();
        services.TryAddEnumerable(
        [
            ServiceDescriptor.Singleton<IEmergentBehaviourDetector, OscillationDetector>(),
            ServiceDescriptor.Singleton<IEmergentBehaviourDetector, DuplicateWorkDetector>(),
            ServiceDescriptor.Singleton<IEmergentBehaviourDetector, RunawaySpawningDetector>(),
            ServiceDescriptor.Singleton<IEmergentBehaviourDetector, CostSpikeDetector>(),
            ServiceDescriptor.Singleton<IEmergentBehaviourDetector, EchoLoopDetector>(),
            ServiceDescriptor.Singleton<IEmergentBehaviourDetector, DeadlockDetector>(),
        ]);
        services.TryAddSingleton<DetectionSweep>();
        services.AddActivity<DetectEmergentBehaviour>();
        return services;
    }
}
