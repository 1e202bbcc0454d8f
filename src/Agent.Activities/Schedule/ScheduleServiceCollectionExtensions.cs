using Microsoft.Extensions.Options;
using Agent.Workflows.Persistence;
using Agent.Activities.Persistence;
using Agent.Workflows.Versioning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Quartz;

namespace Agent.Activities.Schedule;

/// <summary>Registers the schedule of published definitions with a cron trigger.</summary>
public static class ScheduleServiceCollectionExtensions
{
    /// <summary>
    /// Adds what both the CLI and the server need: the catalog, the runner, the state store at
    /// <paramref name="databasePath"/> and the definition validator that rejects unschedulable cron triggers.
    /// </summary>
    public static IServiceCollection AddWorkflowSchedule(this IServiceCollection services, IConfiguration section, string databasePath)
    {
        services.AddOptions<ScheduleOptions>().Bind(section)
            .Validate(o => o.SyncInterval > TimeSpan.Zero, "Schedule:SyncInterval must be positive, e.g. 00:00:05.")
            .Validate(o => o.MisfireThreshold > TimeSpan.Zero, "Schedule:MisfireThreshold must be positive, e.g. 00:00:05.")
            .ValidateOnStart();
        services.AddStoreDatabaseOptions();
        services.TryAddSingleton(sp => new ScheduleStateStore(databasePath, sp.GetRequiredService<IOptions<DatabaseOptions>>().Value));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ScheduleCatalog>();
        services.TryAddSingleton<ScheduledWorkflowRunner>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWorkflowDefinitionValidator, ScheduleDefinitionValidator>());
        return services;
    }

    /// <summary>Adds the Quartz scheduler (in-memory store, rebuilt from the catalog) and <see cref="QuartzScheduleSync"/>; for the server.</summary>
    public static IServiceCollection AddWorkflowScheduler(this IServiceCollection services, IConfiguration section)
    {
        var threshold = (section.Get<ScheduleOptions>() ?? new ScheduleOptions()).MisfireThreshold;
        services.AddQuartz(q =>
        {
            q.UseInMemoryStore(store => store.MisfireThreshold = threshold);
            q.UseDefaultThreadPool(4);
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = false);
        services.TryAddSingleton<QuartzScheduleSync>();
        return services;
    }
}
