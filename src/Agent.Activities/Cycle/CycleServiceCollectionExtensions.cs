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
        Bind<AssessmentOptions>(services, configuration.GetSection(AssessmentOptions.SectionName));
        Bind<ResearchOptions>(services, configuration.GetSection(ResearchOptions.SectionName));
        Bind<CycleOptions>(services, configuration.GetSection(CycleOptions.SectionName))
            .PostConfigure(o => o.DatabasePath = Path.GetFullPath(o.DatabasePath, repositoryRoot));
        Bind<PlanOptions>(services, configuration.GetSection(PlanOptions.SectionName))
            .PostConfigure(o => o.TemplatesDirectory = Path.GetFullPath(o.TemplatesDirectory, repositoryRoot));

        services.AddAssessment();
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

    private static OptionsBuilder<T> Bind<T>(IServiceCollection services, IConfiguration section) where T : class
    {
        var builder = services.AddOptions<T>().Bind(section);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<T>, AnnotatedOptionsValidator<T>>());
        return builder.ValidateOnStart();
    }
}

/// <summary>Checks an options class's <see cref="ValidationAttribute"/>s on start; each error names the property and the rule.</summary>
internal sealed class AnnotatedOptionsValidator<T> : IValidateOptions<T> where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true)) return ValidateOptionsResult.Success;
        return ValidateOptionsResult.Fail(results.Select(r => $"{typeof(T).Name}: {r.ErrorMessage}"));
    }
}
