using Agent.Workflows.Activities.Scheduling;
using Agent.Workflows.Persistence;
using Agent.Workflows.Versioning;

namespace Agent.Activities.Schedule;

/// <summary>One scheduled definition: its published version, trigger, pause state, last and next fire.</summary>
public sealed record ScheduleEntry(
    string DefinitionId, int Version, string VersionId, CronTrigger Trigger, bool Paused,
    DateTimeOffset? LastFiredAt, string? LastInstanceId, string? LastOutcome, DateTimeOffset? NextFireAt);

/// <summary>
/// What should be scheduled: every published definition with a cron trigger, with its persisted pause state and last
/// fire. Both the server (which keeps Quartz in line with it) and the CLI verbs read it; pausing and resuming write the
/// state, which the server picks up on its next sync.
/// </summary>
public sealed class ScheduleCatalog(WorkflowDefinitionService definitions, ScheduleStateStore state, TimeProvider clock)
{
    /// <summary>The scheduled definitions, by definition id.</summary>
    public async Task<IReadOnlyList<ScheduleEntry>> ListAsync(CancellationToken cancellationToken = default)
    {
        var states = await state.ListAsync(cancellationToken);
        var entries = new List<ScheduleEntry>();
        for (var skip = 0; ; skip += 100)
        {
            var page = await definitions.ListAsync(new DefinitionQuery(null, skip, 100), cancellationToken);
            foreach (var summary in page.Items)
            {
                var published = await TryPublishedAsync(summary.DefinitionId, cancellationToken);
                if (published is null) continue;
                CronTrigger? trigger;
                try { trigger = CronTriggers.Find(published); }
                catch (ScheduleException) { continue; } // stored before the check existed; the validator keeps new ones out
                if (trigger is null) continue;
                var s = states.GetValueOrDefault(summary.DefinitionId);
                var next = s?.Paused == true ? null : CronSchedule.Parse(trigger.Expression, trigger.ActivityId).GetNextOccurrence(clock.GetUtcNow(), TimeZoneInfo.Utc);
                entries.Add(new ScheduleEntry(published.DefinitionId, published.Version, published.Id, trigger, s?.Paused ?? false,
                    s?.LastFiredAt, s?.LastInstanceId, s?.LastOutcome, next));
            }
            if (skip + 100 >= page.TotalCount) break;
        }
        return [.. entries.OrderBy(e => e.DefinitionId, StringComparer.Ordinal)];
    }

    /// <summary>Pauses or resumes a scheduled definition.</summary>
    /// <exception cref="ScheduleException">The definition is not scheduled (unknown, unpublished, or without a cron trigger).</exception>
    public async Task<ScheduleEntry> SetPausedAsync(string definitionId, bool paused, CancellationToken cancellationToken = default)
    {
        var entry = await FindAsync(definitionId, cancellationToken);
        await state.SetPausedAsync(definitionId, paused, cancellationToken);
        return entry with { Paused = paused, NextFireAt = paused ? null : entry.NextFireAt };
    }

    /// <summary>The entry of one scheduled definition.</summary>
    /// <exception cref="ScheduleException">The definition is not scheduled.</exception>
    public async Task<ScheduleEntry> FindAsync(string definitionId, CancellationToken cancellationToken = default) =>
        (await ListAsync(cancellationToken)).FirstOrDefault(e => e.DefinitionId == definitionId)
        ?? throw new ScheduleException($"'{definitionId}' is not scheduled: only a published definition that starts with an Elsa.Cron trigger is; see 'agent schedule list'.");

    private async Task<Agent.Workflows.Model.WorkflowDefinition?> TryPublishedAsync(string definitionId, CancellationToken cancellationToken)
    {
        try { return await definitions.GetAsync(definitionId, VersionOptions.Published, cancellationToken); }
        catch (WorkflowDefinitionException) { return null; }
    }
}
