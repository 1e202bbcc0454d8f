using Agent.Activities.Persistence;
using Agent.Activities.Learning.Errors;
using Agent.Activities.Learning.Experiences;
using Agent.Activities.Learning.Graph;
using Agent.Activities.Learning.Metrics;
using Agent.Activities.Learning.Patterns;
using Agent.Activities.Learning.Persistence;
using Agent.Activities.Learning.Replay;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Learning;

/// <summary>Registers the learning system.</summary>
public static class LearningServiceCollectionExtensions
{
    /// <summary>
    /// Adds the knowledge base (<see cref="KnowledgeDatabase"/>), the error database, experiences, pattern miner,
    /// <see cref="IApproachAdvisor"/>, knowledge graph, replay, metrics, KPIs and <see cref="ILearningService"/>, with
    /// <see cref="LearningOptions"/> set by <paramref name="configure"/> and validated on start.
    /// </summary>
    public static IServiceCollection AddLearning(this IServiceCollection services, Action<LearningOptions> configure)
    {
        services.AddOptions<LearningOptions>().Configure(configure).ValidateOnStart();
        services.AddStoreDatabaseOptions();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LearningOptions>, LearningOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<KnowledgeDatabase>();
        services.TryAddSingleton<ErrorDatabase>();
        services.TryAddSingleton<ExperienceStore>();
        services.TryAddSingleton<PatternMiner>();
        services.TryAddSingleton<IApproachAdvisor, ApproachAdvisor>();
        services.TryAddSingleton<KnowledgeGraph>();
        services.TryAddSingleton<ExperienceReplay>();
        services.TryAddSingleton<MetricsStore>();
        services.TryAddSingleton<KpiCalculator>();
        services.TryAddSingleton<Incidents.IncidentStore>();
        services.TryAddSingleton<ILearningService, LearningService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Assessment.IDependencyHistory, Dependencies.KnowledgeDependencyHistory>());
        return services;
    }
}
