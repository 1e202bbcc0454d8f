using Agent.Activities.Cluster;
using Agent.Activities.Persistence;
using Agent.Workflows.Persistence;
using Microsoft.Extensions.Options;
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

    /// <summary>
    /// Adds the Quartz scheduler and <see cref="QuartzScheduleSync"/>; for the server. With SQLite the store is in memory
    /// (rebuilt from the catalog); with <c>Database:Provider = PostgreSql</c> it is Quartz's clustered store in the
    /// shared database (<see cref="QuartzStores.UseClusteredPostgres"/>), so a cron fires once per tick across replicas.
    /// </summary>
    /// <param name="services">The container.</param>
    /// <param name="section">The <c>Schedule</c> section.</param>
    /// <param name="configuration">The root configuration (reads <c>Database</c> and <c>Cluster</c>).</param>
    public static IServiceCollection AddWorkflowScheduler(this IServiceCollection services, IConfiguration section, IConfiguration configuration)
    {
        var threshold = (section.Get<ScheduleOptions>() ?? new ScheduleOptions()).MisfireThreshold;
        var database = ClusterServiceCollectionExtensions.ReadDatabase(configuration);
        var cluster = configuration.GetSection(ClusterOptions.SectionName).Get<ClusterOptions>() ?? new ClusterOptions();
        services.AddQuartz(q =>
        {
            // A PostgreSQL section that is not usable fails the start through the options validator; until then the
            // scheduler is left on the in-memory store rather than failing registration with a different message.
            if (ClusterServiceCollectionExtensions.IsUsablePostgreSql(database)) q.UseClusteredPostgres(database.ConnectionString!, cluster, threshold);
            else q.UseInMemoryStore(store => store.MisfireThreshold = threshold);
            q.UseDefaultThreadPool(4);
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = false);
        services.TryAddSingleton<QuartzScheduleSync>();
        return services;
    }
}
