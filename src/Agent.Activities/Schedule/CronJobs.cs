using Quartz;

namespace Agent.Activities.Schedule;

/// <summary>What <see cref="CronJobs.EnsureAsync"/> did.</summary>
public enum CronJobChange
{
    /// <summary>The job and its trigger were already as wanted; nothing was written, the next fire time is kept.</summary>
    Unchanged,
    /// <summary>Neither existed; both were created.</summary>
    Created,
    /// <summary>They existed with another expression, version or job type; both were replaced.</summary>
    Replaced,
}

/// <summary>One durable job with one cron trigger (UTC) of the same key, as a schedule wants it.</summary>
/// <param name="Key">The job's key; the trigger has the same name and group.</param>
/// <param name="JobType">The <see cref="IJob"/> class.</param>
/// <param name="JobData">The job's data.</param>
/// <param name="QuartzExpression">The cron expression in Quartz syntax (with seconds).</param>
/// <param name="Version">Whatever identifies the schedule's source; a new version replaces the trigger.</param>
/// <param name="FireOnceOnMisfire">A missed fire is made up once (else skipped).</param>
public sealed record CronJobSpec(JobKey Key, Type JobType, IReadOnlyDictionary<string, string> JobData, string QuartzExpression, string Version, bool FireOnceOnMisfire);

/// <summary>
/// Brings one cron job in a scheduler in line with a <see cref="CronJobSpec"/>, writing only what differs. That is what
/// makes it safe for every replica of a cluster to run on every sync: an unchanged trigger is left alone (its next fire
/// time is not recomputed, so no tick is lost or doubled by a replacement racing a fire), and a replacement is one
/// transaction of the job store.
/// </summary>
public static class CronJobs
{
    /// <summary>The trigger's job data key holding <see cref="CronJobSpec.Version"/>.</summary>
    public const string VersionKey = "versionId";

    /// <summary>Creates or replaces the job and its trigger when they differ from <paramref name="spec"/>.</summary>
    public static async Task<CronJobChange> EnsureAsync(IScheduler scheduler, CronJobSpec spec, CancellationToken cancellationToken)
    {
        var triggerKey = new TriggerKey(spec.Key.Name, spec.Key.Group);
        var existing = await scheduler.GetTrigger(triggerKey, cancellationToken) as ICronTrigger;
        var job = existing is null ? null : await scheduler.GetJobDetail(spec.Key, cancellationToken);
        if (existing is not null && job is not null && job.JobType.Type == spec.JobType
            && existing.CronExpressionString == spec.QuartzExpression && existing.JobDataMap.GetString(VersionKey) == spec.Version)
            return CronJobChange.Unchanged;

        var builder = JobBuilder.Create().OfType(spec.JobType).WithIdentity(spec.Key).StoreDurably();
        foreach (var (name, value) in spec.JobData) builder = builder.UsingJobData(name, value);
        var detail = builder.Build();
        var trigger = TriggerBuilder.Create().WithIdentity(triggerKey).ForJob(detail).UsingJobData(VersionKey, spec.Version)
            .WithCronSchedule(spec.QuartzExpression, b =>
            {
                b.InTimeZone(TimeZoneInfo.Utc);
                b.WithMisfireInstruction(spec.FireOnceOnMisfire ? CronTriggerMisfireInstruction.FireAndProceed : CronTriggerMisfireInstruction.DoNothing);
            })
            .Build();
        await scheduler.ScheduleJob(detail, [trigger], ScheduleJobOptions.Replacing, cancellationToken);
        return existing is null ? CronJobChange.Created : CronJobChange.Replaced;
    }
}
