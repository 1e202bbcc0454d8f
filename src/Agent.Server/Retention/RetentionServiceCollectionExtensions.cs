using Agent.Workflows.Persistence;
using Agent.Workflows.Persistence.Retention;
using Quartz;

namespace Agent.Server.Retention;

/// <summary>Binds retention of finished instances from configuration and schedules the sweep of <c>agent serve</c>.</summary>
public static class RetentionServiceCollectionExtensions
{
    // The first sweep comes soon after start, not one whole interval later: a server restarted more often than the
    // interval would otherwise never sweep.
    private static readonly TimeSpan FirstSweepDelay = TimeSpan.FromMinutes(1);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>
    /// Binds <c>Retention:FinishedInstances</c>, validated when a host starts (and on first use in the CLI), so a bad
    /// value stops the start with the key to fix. Every host calls this: the in-memory store applies it on commit.
    /// </summary>
    public static IServiceCollection AddRetentionOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddFinishedInstanceRetention();
        services.AddOptions<FinishedInstanceRetentionOptions>()
            .Bind(configuration.GetSection(FinishedInstanceRetentionOptions.SectionName)).ValidateOnStart();
        return services;
    }

    /// <summary>
    /// Schedules <see cref="RetentionSweepJob"/> every <c>SweepInterval</c> with Quartz, like the backup job, when a
    /// limit is set and the instances live in SQLite or PostgreSQL. Call after the workflow schedule's registration.
    /// </summary>
    public static IServiceCollection AddRetentionServer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRetentionOptions(configuration);
        FinishedInstanceRetentionOptions options;
        try { options = configuration.GetSection(FinishedInstanceRetentionOptions.SectionName).Get<FinishedInstanceRetentionOptions>() ?? new(); }
        catch (InvalidOperationException) { return services; } // a value that does not convert: the start fails with the key then
        if (!options.LimitsDurableStores || FinishedInstanceRetentionOptionsValidator.ProblemsOf(options).Count > 0) return services;
        var provider = configuration.GetSection("Persistence:Provider").Value;
        var postgres = string.Equals(configuration.GetSection(DatabaseOptions.SectionName + ":Provider").Value, "PostgreSql", StringComparison.OrdinalIgnoreCase);
        if (!postgres && string.Equals(provider, PersistenceProviders.InMemory, StringComparison.OrdinalIgnoreCase)) return services;

        // The workflow schedule or the backup may have added Quartz and its hosted service already; the job joins that scheduler.
        var quartzRunning = services.Any(d => d.ServiceType == typeof(ISchedulerFactory));
        services.AddQuartz(q =>
        {
            q.AddJob<RetentionSweepJob>(j => j.WithIdentity(RetentionSweepJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(RetentionSweepJob.Key).WithIdentity("retention-sweep", "agent")
                .StartAt(DateTimeOffset.UtcNow + Min(options.SweepInterval, FirstSweepDelay))
                .WithSimpleSchedule(s => s.WithInterval(options.SweepInterval).RepeatForever()));
        });
        if (!quartzRunning) services.AddQuartzHostedService(o => o.WaitForJobsToComplete = false);
        return services;
    }
}
