using Agent.Activities.Persistence;
using Agent.Activities.Discovery.Analysis;
using Agent.Activities.Discovery.Persistence;
using Agent.Activities.Goals;
using Agent.Workflows;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Discovery;

/// <summary>Registers capability discovery: the scanner, the capability map, gap analysis and their activities.</summary>
public static class DiscoveryServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ToolScanner"/>, <see cref="CapabilityStore"/>, <see cref="CapabilityGapAnalyzer"/> (with the goal,
    /// gap-type and knowledge-base need sources) and the <see cref="DiscoverCapabilities"/> and
    /// <see cref="AnalyzeCapabilityGaps"/> activities. Options come from <paramref name="section"/> (<c>Discovery</c>) and
    /// are validated on start; relative paths resolve against <paramref name="repositoryRoot"/>. The knowledge-base source
    /// needs the learning system (<c>AddLearning</c>); the gap-type source the improvement cycle (<c>AddImprovementCycle</c>).
    /// </summary>
    public static IServiceCollection AddCapabilityDiscovery(this IServiceCollection services, IConfigurationSection section, string repositoryRoot)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DiscoveryOptions>, DiscoveryOptionsValidator>());
        services.AddOptions<DiscoveryOptions>().Bind(section).ValidateOnStart()
            .PostConfigure(o =>
            {
                o.DatabasePath = Path.GetFullPath(o.DatabasePath, repositoryRoot);
                if (o.TaxonomyPath is { Length: > 0 } taxonomy) o.TaxonomyPath = Path.GetFullPath(taxonomy, repositoryRoot);
            });
        services.TryAddSingleton(TimeProvider.System);
        services.AddStoreDatabaseOptions();
        services.TryAddSingleton<GoalsFileReader>();
        services.TryAddSingleton<CapabilityTaxonomyProvider>();
        services.TryAddSingleton<McpServerCatalog>();
        services.TryAddSingleton<McpServerProbe>();
        services.TryAddSingleton<ToolScanner>();
        services.TryAddSingleton<CapabilityDatabase>();
        services.TryAddSingleton<CapabilityStore>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICapabilityNeedSource, GoalNeedSource>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICapabilityNeedSource, GapTypeNeedSource>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICapabilityNeedSource, KnowledgeNeedSource>());
        services.TryAddSingleton<CapabilityGapAnalyzer>();
        services.TryAddSingleton<CapabilityGapEmitter>();
        services.AddActivity<DiscoverCapabilities>();
        services.AddActivity<AnalyzeCapabilityGaps>();
        return services;
    }
}
