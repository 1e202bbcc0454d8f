using Agent.Workflows;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Coordination.Consensus;

/// <summary>Registers consensus: options, the store, and the best-of-N and review activities.</summary>
public static class ConsensusServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ConsensusOptions"/> bound (validated on start) from <paramref name="section"/>
    /// (<c>Coordination:Consensus</c>) and <see cref="ConsensusStore"/>. The activities need the coordination database
    /// (<c>AddCoordination</c>), the assessment and validation services.
    /// </summary>
    public static IServiceCollection AddConsensus(this IServiceCollection services, IConfigurationSection section)
    {
        // Not BindValidated: the validator below checks the annotations too, and names cross-key problems (quorum vs reviewers).
        services.AddOptions<ConsensusOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConsensusOptions>>(new ConsensusOptionsValidator(section.Path)));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ConsensusStore>();
        services.AddActivity<OpenConsensusRound>();
        services.AddActivity<GateCandidates>();
        services.AddActivity<RequestReviews>();
        services.AddActivity<CollectVerdicts>();
        services.AddActivity<SelectCandidate>();
        services.AddActivity<DiscardCandidates>();
        services.AddActivity<CloseConsensusRound>();
        services.AddActivity<ConsensusOutcome>();
        services.AddActivity<RouteRiskyChange>();
        services.AddActivity<OpenReviewRound>();
        services.AddActivity<CheckCoordination>();
        services.AddActivity<WaitWhilePaused>();
        services.AddActivity<CheckSelectedChange>();
        services.AddActivity<RegisterAgent>();
        services.AddActivity<TakeTopGaps>();
        return services;
    }
}
