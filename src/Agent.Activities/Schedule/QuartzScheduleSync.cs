using Agent.Workflows.Activities.Scheduling;
using Agent.Workflows.Cluster;
using Microsoft.Extensions.Options;
using Quartz;

namespace Agent.Activities.Schedule;

/// <summary>
/// Keeps the Quartz scheduler in line with <see cref="ScheduleCatalog"/>: one durable job and one cron trigger per
/// scheduled definition (key = definition id), rescheduled when a new version is published with another expression,
/// removed when the definition is retracted, paused and resumed with the persisted pause state.
/// </summary>
/// <remarks>
/// On one machine (SQLite) the scheduler's store is in memory and rebuilt from the published definitions on every start
/// and sync, so the schedule and the definitions cannot disagree; what the definitions do not say — pauses and the last
/// fire time — is kept in <see cref="ScheduleStateStore"/>, and on start a fire missed while the server was down is
/// caught up per <see cref="ScheduleOptions.MisfirePolicy"/>. With PostgreSQL the store is Quartz's clustered ADO.NET
/// store shared by every replica (<see cref="ScheduleServiceCollectionExtensions.AddWorkflowScheduler"/>): every
/// replica syncs, one at a time (<see cref="AgentLockNames.ScheduleSync"/>), and <see cref="CronJobs.EnsureAsync"/>
/// writes only what differs, so syncing replicas neither duplicate nor reset a trigger; a fire missed while the whole
/// cluster was down is made up by Quartz's misfire instruction on the stored trigger.
/// </remarks>
public sealed class QuartzScheduleSync(ISchedulerFactory factory, ScheduleCatalog catalog, IOptions<ScheduleOptions> options, TimeProvider clock, IAgentLocks? locks = null)
{
    // Other replicas' syncs are only waited for this long; a sync takes milliseconds, so a longer wait means a stuck replica.
    private static readonly TimeSpan ClusterSyncWait = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _lock = new(1, 1);

    /// <summary>The Quartz group of the workflow jobs and triggers.</summary>
    public const string Group = "workflows";

    /// <summary>Brings Quartz in line; with <paramref name="catchUpMisfires"/> (the first sync after start) missed fires are applied.</summary>
    /// <returns>The definitions now scheduled.</returns>
    public async Task<IReadOnlyList<ScheduleEntry>> SyncAsync(bool catchUpMisfires, CancellationToken cancellationToken = default)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (locks is not { SpansReplicas: true }) return await SyncLockedAsync(catchUpMisfires, cancellationToken);
            await using var cluster = await locks.AcquireAsync(AgentLockNames.ScheduleSync, ClusterSyncWait, cancellationToken);
            return await SyncLockedAsync(catchUpMisfires, cancellationToken);
        }
        finally { _lock.Release(); }
    }

    private async Task<IReadOnlyList<ScheduleEntry>> SyncLockedAsync(bool catchUpMisfires, CancellationToken cancellationToken)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        var entries = await catalog.ListAsync(cancellationToken);
        var wanted = entries.Select(e => e.DefinitionId).ToHashSet(StringComparer.Ordinal);
        // The store's own list, not one kept here: with a shared store other replicas scheduled jobs too.
        foreach (var gone in (await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(Group), cancellationToken)).Where(k => !wanted.Contains(k.Name)))
            await scheduler.DeleteJob(gone, cancellationToken);

        foreach (var entry in entries)
        {
            var key = new JobKey(entry.DefinitionId, Group);
            var spec = new CronJobSpec(key, typeof(ScheduledWorkflowJob),
                new Dictionary<string, string> { [ScheduledWorkflowJob.DefinitionIdKey] = entry.DefinitionId },
                entry.Trigger.QuartzExpression, entry.VersionId, options.Value.MisfirePolicy == MisfirePolicy.FireOnceNow);
            var change = await CronJobs.EnsureAsync(scheduler, spec, cancellationToken);
            if (change == CronJobChange.Created && catchUpMisfires && !entry.Paused && MissedWhileDown(entry)) await scheduler.TriggerJob(key, cancellationToken);
            var triggerKey = new TriggerKey(entry.DefinitionId, Group);
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
/// and each definition has its own key, so two fires of one definition never run at once in this process (in the
/// whole cluster with the clustered store, which keeps the job blocked while one replica runs it); the runner
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
        await runner.RunAsync(definitionId, context.ScheduledFireTimeUtc, cancellationToken);
    }
}
