using Agent.Workflows.Activities.Scheduling;
using Microsoft.Extensions.Options;
using Quartz;

namespace Agent.Activities.Schedule;

/// <summary>
/// Keeps the Quartz scheduler in line with <see cref="ScheduleCatalog"/>: one durable job and one cron trigger per
/// scheduled definition (key = definition id), rescheduled when a new version is published with another expression,
/// removed when the definition is retracted, paused and resumed with the persisted pause state.
/// </summary>
/// <remarks>
/// Why rebuild instead of Quartz's ADO job store: what is scheduled is fully determined by the published definitions,
/// so rebuilding it on every start (and every sync) means the schedule and the definitions cannot disagree, and no
/// second schema has to be migrated. What the definitions do not say — pauses and the last fire time — is kept in
/// <see cref="ScheduleStateStore"/>; on start a fire missed while the server was down is caught up per
/// <see cref="ScheduleOptions.MisfirePolicy"/>. While running, Quartz applies the same policy through the trigger's
/// misfire instruction (FireAndProceed or DoNothing).
/// </remarks>
public sealed class QuartzScheduleSync(ISchedulerFactory factory, ScheduleCatalog catalog, IOptions<ScheduleOptions> options, TimeProvider clock)
{
    // The in-memory store starts empty with every process, so the jobs this service scheduled are all the jobs there are.
    private readonly HashSet<string> _scheduled = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _lock = new(1, 1);

    /// <summary>The Quartz group of the workflow jobs and triggers.</summary>
    public const string Group = "workflows";

    private const string VersionKey = "versionId";

    /// <summary>Brings Quartz in line; with <paramref name="catchUpMisfires"/> (the first sync after start) missed fires are applied.</summary>
    /// <returns>The definitions now scheduled.</returns>
    public async Task<IReadOnlyList<ScheduleEntry>> SyncAsync(bool catchUpMisfires, CancellationToken cancellationToken = default)
    {
        await _lock.WaitAsync(cancellationToken);
        try { return await SyncLockedAsync(catchUpMisfires, cancellationToken); }
        finally { _lock.Release(); }
    }

    private async Task<IReadOnlyList<ScheduleEntry>> SyncLockedAsync(bool catchUpMisfires, CancellationToken cancellationToken)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        var entries = await catalog.ListAsync(cancellationToken);
        var wanted = entries.Select(e => e.DefinitionId).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _scheduled.Where(id => !wanted.Contains(id)).ToList())
        {
            await scheduler.DeleteJob(new JobKey(gone, Group), cancellationToken);
            _scheduled.Remove(gone);
        }

        foreach (var entry in entries)
        {
            var triggerKey = new TriggerKey(entry.DefinitionId, Group);
            var existing = await scheduler.GetTrigger(triggerKey, cancellationToken) as ICronTrigger;
            if (existing is null || existing.CronExpressionString != entry.Trigger.QuartzExpression || existing.JobDataMap.GetString(VersionKey) != entry.VersionId)
            {
                var job = JobBuilder.Create<ScheduledWorkflowJob>().WithIdentity(entry.DefinitionId, Group)
                    .UsingJobData(ScheduledWorkflowJob.DefinitionIdKey, entry.DefinitionId).StoreDurably().Build();
                var trigger = TriggerBuilder.Create().WithIdentity(triggerKey).ForJob(job).UsingJobData(VersionKey, entry.VersionId)
                    .WithCronSchedule(entry.Trigger.QuartzExpression, b =>
                    {
                        b.InTimeZone(TimeZoneInfo.Utc);
                        b.WithMisfireInstruction(options.Value.MisfirePolicy == MisfirePolicy.FireOnceNow
                            ? CronTriggerMisfireInstruction.FireAndProceed : CronTriggerMisfireInstruction.DoNothing);
                    })
                    .Build();
                await scheduler.ScheduleJob(job, [trigger], ScheduleJobOptions.Replacing, cancellationToken);
                _scheduled.Add(entry.DefinitionId);
                if (existing is null && catchUpMisfires && !entry.Paused && MissedWhileDown(entry)) await scheduler.TriggerJob(job.Key, cancellationToken);
            }
            var state = await scheduler.GetTriggerState(triggerKey, cancellationToken);
            if (entry.Paused && state != TriggerState.Paused) await scheduler.PauseTrigger(triggerKey, cancellationToken);
            else if (!entry.Paused && state == TriggerState.Paused) await scheduler.ResumeTrigger(triggerKey, cancellationToken);
        }
        return entries;
    }

    /// <summary>The next fire time Quartz has for a definition, or null when it is not scheduled or paused.</summary>
    public async Task<DateTimeOffset?> NextFireAsync(string definitionId, CancellationToken cancellationToken = default)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        var key = new TriggerKey(definitionId, Group);
        if (await scheduler.GetTriggerState(key, cancellationToken) != TriggerState.Normal) return null;
        return (await scheduler.GetTrigger(key, cancellationToken))?.NextFireTimeUtc;
    }

    // A fire time fell between the last fire and now (later than the misfire threshold), so the server missed it.
    private bool MissedWhileDown(ScheduleEntry entry)
    {
        if (options.Value.MisfirePolicy != MisfirePolicy.FireOnceNow || entry.LastFiredAt is not { } last) return false;
        var due = CronSchedule.Parse(entry.Trigger.Expression, entry.Trigger.ActivityId).GetNextOccurrence(last.UtcDateTime, TimeZoneInfo.Utc);
        return due is { } d && d + options.Value.MisfireThreshold < clock.GetUtcNow();
    }
}

/// <summary>
/// The Quartz job of a scheduled definition. <see cref="DisallowConcurrentExecutionAttribute"/> applies per job key,
/// and each definition has its own key, so two fires of one definition never run at once in this process; the runner
/// also skips a fire while an instance of the definition is running (in any process).
/// </summary>
[DisallowConcurrentExecution]
public sealed class ScheduledWorkflowJob(ScheduledWorkflowRunner runner) : IJob
{
    /// <summary>The job data key holding the definition id.</summary>
    public const string DefinitionIdKey = "definitionId";

    /// <inheritdoc />
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var definitionId = context.MergedJobDataMap.GetString(DefinitionIdKey)!;
        await runner.RunAsync(definitionId, cancellationToken);
    }
}
