using Agent.Activities.Persistence;
using Agent.Activities.Assessment.Dependencies;
using Agent.Activities.CycleStore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Agent.Activities.Assessment;

/// <summary>Registers the assessment: its measurers, the test adapters of every supported runner and the dependency installers.</summary>
public static class AssessmentServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="AssessmentService"/> and what it uses. <c>AddImprovementCycle</c> calls it; registrations are
    /// "try", so calling it again adds nothing. Options come from the <c>Assessment</c> section bound by
    /// <c>AddImprovementCycle</c>, else their defaults.
    /// </summary>
    public static IServiceCollection AddAssessment(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddStoreDatabaseOptions();
        services.TryAddSingleton<CommandRunner>();
        services.TryAddSingleton<GitRepositoryProbe>();
        services.TryAddSingleton<DotnetBuildMeasurer>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITestAdapter, DotnetTestAdapter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITestAdapter, NodeTestAdapter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITestAdapter, PytestAdapter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITestAdapter, UnittestAdapter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDependencyInstaller, NpmDependencyInstaller>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDependencyInstaller, PythonDependencyInstaller>());
        services.TryAddSingleton<TodoCounter>();
        services.TryAddSingleton<DocsCoverageMeasurer>();
        services.TryAddSingleton<DependencyFreshnessProbe>();
        services.TryAddSingleton<CycleDatabase>();
        services.TryAddSingleton<SnapshotStore>();
        services.TryAddSingleton<AssessmentService>();
        return services;
    }
}
