using Agent.Activities.Schedule;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Quartz;

namespace Agent.Server.Backup;

/// <summary>Registers backup and restore: the services every host has, and the lock and schedule of <c>agent serve</c>.</summary>
public static class BackupServiceCollectionExtensions
{
    /// <summary>Adds the validated <see cref="BackupOptions"/> and the services behind <c>agent backup</c>.</summary>
    public static IServiceCollection AddAgentBackup(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BackupOptions>().Bind(configuration.GetSection(BackupOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BackupOptions>, BackupOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<BackupCatalog>();
        services.TryAddSingleton<BackupStore>();
        services.TryAddSingleton<SqliteOnlineBackup>();
        services.TryAddSingleton<PostgresTools>();
        services.TryAddSingleton<BackupVerifier>();
        services.TryAddSingleton<BackupCreator>();
        services.TryAddSingleton<BackupRestorer>();
        return services;
    }

    /// <summary>
    /// Adds what only <c>agent serve</c> does: hold the data directory's lock (so a restore refuses to run under it) and
    /// make backups on <c>Backup:Schedule</c> with Quartz. Call after the workflow schedule's registration.
    /// </summary>
    public static IServiceCollection AddBackupServer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAgentBackup(configuration);
        // First of all hosted services: no other one may open a database while a restore holds the lock.
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, ServerDataLockService>());
        var options = configuration.GetSection(BackupOptions.SectionName).Get<BackupOptions>() ?? new BackupOptions();
        if (!options.ScheduleEnabled) return services;
        string cron;
        try { cron = QuartzCron.Translate(options.Schedule, "Backup:Schedule"); }
        catch (ScheduleException) { return services; } // BackupOptionsValidator fails the start with the reason.
        // The workflow schedule may have added Quartz and its hosted service already; the job joins that scheduler.
        var quartzRunning = services.Any(d => d.ServiceType == typeof(ISchedulerFactory));
        services.AddQuartz(q =>
        {
            q.AddJob<BackupJob>(j => j.WithIdentity(BackupJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(BackupJob.Key).WithIdentity("backup", "agent").WithCronSchedule(cron));
        });
        if (!quartzRunning) services.AddQuartzHostedService(o => o.WaitForJobsToComplete = false);
        return services;
    }
}
