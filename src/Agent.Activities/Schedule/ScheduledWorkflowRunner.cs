using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;
using Agent.Workflows.Versioning;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Schedule;

/// <summary>Something that may refuse a scheduled run (the emergency stop, the cycle guard).</summary>
public interface IScheduledRunGuard
{
    /// <summary>Why <paramref name="definitionId"/> may not start now, or null when it may.</summary>
    Task<string?> RefusalAsync(string definitionId, CancellationToken cancellationToken);
}

/// <summary>What one fire of the schedule did.</summary>
public sealed record ScheduledRun(string DefinitionId, bool Started, string? InstanceId, string? Status, string? SkipReason);

/// <summary>
/// Starts the published version of a scheduled definition, once: the cron trigger that started it completes at once,
/// and a fire is skipped while an instance of the same definition runs (or waits, with
/// <see cref="ScheduleOptions.SkipWhileSuspended"/>) or a guard refuses. Every fire is recorded. A fire of a cron tick
/// starts the instance whose id derives from the definition and the tick, so a tick fired twice (clustered Quartz
/// re-runs a job when it takes a replica that was only slow for dead) starts one instance, not two.
/// </summary>
public sealed class ScheduledWorkflowRunner(
    WorkflowDefinitionService definitions, IWorkflowInstanceStore instances, WorkflowRuntime runtime, ScheduleStateStore state,
    IEnumerable<IScheduledRunGuard> guards, IOptions<ScheduleOptions> options, TimeProvider clock)
{
    /// <summary>Fires <paramref name="definitionId"/> now, for the cron tick <paramref name="tick"/> when a trigger fired it.</summary>
    /// <param name="definitionId">The scheduled definition.</param>
    /// <param name="tick">The time the trigger was scheduled to fire (null: an unscheduled fire, e.g. "run now").</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <exception cref="WorkflowDefinitionException">The definition does not exist or has no published version.</exception>
    public async Task<ScheduledRun> RunAsync(string definitionId, DateTimeOffset? tick = null, CancellationToken cancellationToken = default)
    {
        var published = await definitions.GetAsync(definitionId, VersionOptions.Published, cancellationToken);
        var trigger = CronTriggers.Find(published);
        var now = clock.GetUtcNow();
        var instanceId = tick is { } t ? ScheduledTicks.InstanceId(definitionId, t) : Guid.NewGuid().ToString("N");
        var refusal = tick is { } fired && await instances.FindAsync(instanceId, cancellationToken) is not null
            ? $"the tick of {fired.UtcDateTime:u} already started instance {instanceId}"
            : await RefusalAsync(definitionId, cancellationToken);
        if (refusal is not null)
        {
            await state.RecordFireAsync(definitionId, now, null, $"skipped: {refusal}", cancellationToken);
            return new ScheduledRun(definitionId, false, null, null, refusal);
        }
        // Recorded before the run, so a crash during it still counts as the fire (the misfire policy reads this).
        await state.RecordFireAsync(definitionId, now, instanceId, "started", cancellationToken);
        var instance = await runtime.StartAsync(published, new StartWorkflowOptions
        {
            InstanceId = instanceId, TriggerActivityId = trigger?.ActivityId, CorrelationId = tick is { } at ? ScheduledTicks.CorrelationId(definitionId, at) : null,
        }, cancellationToken);
        await state.RecordFireAsync(definitionId, now, instanceId, instance.Status.ToString(), CancellationToken.None);
        return new ScheduledRun(definitionId, true, instanceId, instance.Status.ToString(), null);
    }

    private async Task<string?> RefusalAsync(string definitionId, CancellationToken cancellationToken)
    {
        foreach (var guard in guards)
            if (await guard.RefusalAsync(definitionId, cancellationToken) is { } reason) return reason;
        if (await instances.CountAsync(new InstanceQuery(definitionId, WorkflowStatus.Running), cancellationToken) > 0)
            return "an instance of this definition is still running";
        if (options.Value.SkipWhileSuspended && await instances.CountAsync(new InstanceQuery(definitionId, WorkflowStatus.Suspended), cancellationToken) > 0)
            return "an instance of this definition is still waiting (Schedule:SkipWhileSuspended)";
        return null;
    }
}
