using Agent.Activities.Safety.Policy;
using Agent.Activities.Assessment;
using Agent.Activities.CycleStore;
using Agent.Activities.Gaps;
using Agent.Activities.Goals;
using Agent.Activities.Planning;
using Agent.Activities.Research;
using Agent.Activities.SelfModification.CodeFixes;
using Agent.Workflows;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Cycle;

/// <summary>Registers the improvement cycle's goals, assessment, gaps, research and planning services and activities.</summary>
public static class CycleServiceCollectionExtensions
{
    /// <summary>
    /// Adds the services and the <see cref="AssessState"/>, <see cref="FindGaps"/>, <see cref="Research.Research"/> and
    /// <see cref="Plan"/> activities. Options come from the sections <c>Assessment</c>, <c>Cycle</c>, <c>Research</c> and
    /// <c>Plan</c> of <paramref name="configuration"/>; relative paths (the cycle database, the prompt templates) resolve
    /// against <paramref name="repositoryRoot"/>. A learning system replaces <see cref="IGapAdvisor"/> and adds
    /// <see cref="IResearchSource"/>s by registering its own before or after this call.
    /// </summary>
    public static IServiceCollection AddImprovementCycle(this IServiceCollection services, IConfiguration configuration, string repositoryRoot)
    {
        services.BindValidated<AssessmentOptions>(configuration.GetSection(AssessmentOptions.SectionName));
        services.BindValidated<ResearchOptions>(configuration.GetSection(ResearchOptions.SectionName));
        services.BindValidated<CycleOptions>(configuration.GetSection(CycleOptions.SectionName))
            .PostConfigure(o => o.DatabasePath = Path.GetFullPath(o.DatabasePath, repositoryRoot));
        services.BindValidated<PlanOptions>(configuration.GetSection(PlanOptions.SectionName))
            .PostConfigure(o => o.TemplatesDirectory = Path.GetFullPath(o.TemplatesDirectory, repositoryRoot));

        services.AddAssessment();
        // BeginCycle refuses to start on a malformed policy and Validate asks it about the merge: the cycle never runs without one.
        services.AddSafetyPolicy(configuration.GetSection(PolicyOptions.SectionName), repositoryRoot);
        services.TryAddSingleton<GoalsFileReader>();
        services.TryAddSingleton<GoalProgressCalculator>();
        services.TryAddSingleton<IGapAdvisor, NeutralGapAdvisor>();
        services.TryAddSingleton<IAgentKpiSource, NoAgentKpis>();
        services.TryAddSingleton<GapFinder>();
        services.TryAddSingleton<ResearchService>();
        services.TryAddSingleton<PlanService>();
        services.AddKnownCodeFixes();
        services.TryAddSingleton<KnownFixChooser>();

        services.AddActivity<AssessState>();
        services.AddActivity<FindGaps>();
        services.AddActivity<Research.Research>();
        services.AddActivity<EndCycle>();
        services.AddActivity<Plan>();
        services.AddActivity<RecordGapOutcome>();
        services.AddActivity<BeginCycle>();
        services.AddActivity<ChargeBudget>();
        services.AddActivity<Learn>();
        services.AddActivity<RecordRollback>();
        services.AddActivity<SummarizeCycle>();
        return services;
    }

    /// <summary>
    /// Plugs the learning system into the cycle: gaps are ranked with the mined patterns (<see cref="LearningGapAdvisor"/>)
    /// and research asks the error database and past experiences (<see cref="LearningResearchSource"/>). Needs
    /// <c>AddLearning</c>.
    /// </summary>
    public static IServiceCollection AddCycleLearning(this IServiceCollection services)
    {
        services.RemoveAll<IGapAdvisor>();
        services.AddSingleton<IGapAdvisor, LearningGapAdvisor>();
        services.RemoveAll<IAgentKpiSource>();
        services.AddSingleton<IAgentKpiSource, LearningKpiSource>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IResearchSource, LearningResearchSource>());
        services.TryAddSingleton<Learning.Verification.SolutionVerifier>();
        return services;
    }
}
