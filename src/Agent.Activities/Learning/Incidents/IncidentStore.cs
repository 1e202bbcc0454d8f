using Agent.Activities.Learning.Persistence;
using Agent.Activities.Safety.Audit;
using Agent.Activities.Safety.Events;
using Microsoft.EntityFrameworkCore;

namespace Agent.Activities.Learning.Incidents;

/// <summary>What went wrong around an attempt without being a verdict on it, for <see cref="IncidentStore.RecordAsync"/>.</summary>
/// <param name="Kind">What happened, e.g. <see cref="IncidentKinds.Unmeasured"/>.</param>
/// <param name="Message">What was wrong, in the tool's own words where there are some.</param>
/// <param name="Repository">The target repository.</param>
/// <param name="CycleId">The improvement cycle.</param>
/// <param name="InstanceId">The workflow instance.</param>
/// <param name="Gap">The gap the cycle worked on.</param>
/// <param name="Key">Identifies the recording step, so a step repeated after a crash records the incident once; null = always new.</param>
public sealed record IncidentReport(string Kind, string Message, string? Repository = null, string? CycleId = null, string? InstanceId = null, string? Gap = null, string? Key = null);

/// <summary>The kinds of incident the cycle records.</summary>
public static class IncidentKinds
{
    /// <summary>A change whose before and after could not be compared: no verdict on it, no lesson from it.</summary>
    public const string Unmeasured = "unmeasured";

    /// <summary>A child process was killed for breaching a resource limit, or a worktree outgrew its disk quota.</summary>
    public const string LimitBreached = "limit-breached";
}

/// <summary>
/// Incidents in the knowledge base (table <c>incidents</c>). They are kept apart from experiences on purpose: an
/// incident is not a failed attempt, so it never feeds pattern mining, anti-patterns or the KPIs.
/// </summary>
public sealed class IncidentStore(KnowledgeDatabase database, TimeProvider time, ISafetyEventSink? events = null)
{
    /// <summary>Records <paramref name="incident"/>; with a key already recorded, returns the first record's id and stores nothing.</summary>
    /// <exception cref="LearningInputException">Kind or message is empty; nothing was stored.</exception>
    public async Task<long> RecordAsync(IncidentReport incident, CancellationToken cancellationToken = default)
    {
        var id = await StoreAsync(incident, cancellationToken).ConfigureAwait(false);
        // Also an audited safety event (and a webhook for those subscribed); keyed like the record, so a repeated step publishes once.
        await events.PublishOnceAsync(incident.Key is { } key ? $"key:{key}" : Guid.NewGuid().ToString("N"), SafetyEventKinds.Incident, "agent",
            $"Incident ({incident.Kind.Trim()}): {incident.Message.Trim()}",
            new Dictionary<string, string>
            {
                ["incident"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["kind"] = incident.Kind.Trim(),
                ["repository"] = incident.Repository ?? "", ["cycle"] = incident.CycleId ?? "", ["instance"] = incident.InstanceId ?? "", ["gap"] = incident.Gap ?? "",
            }, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return id;
    }

    private Task<long> StoreAsync(IncidentReport incident, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        if (string.IsNullOrWhiteSpace(incident.Kind)) throw new LearningInputException("The incident was not recorded: kind is empty; say what happened, e.g. unmeasured.");
        if (string.IsNullOrWhiteSpace(incident.Message)) throw new LearningInputException("The incident was not recorded: message is empty; give what was wrong.");
        return database.WriteAsync(async db =>
        {
            if (incident.Key is { } key && await db.Incidents.Where(i => i.Key == key).Select(i => (long?)i.Id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false) is { } id)
                return id;
            var record = new IncidentRecord
            {
                Kind = incident.Kind.Trim(), Message = incident.Message.Trim(), Repository = incident.Repository, CycleId = incident.CycleId,
                InstanceId = incident.InstanceId, Gap = incident.Gap, Key = incident.Key, OccurredAt = time.GetUtcNow(),
            };
            db.Incidents.Add(record);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return record.Id;
        }, cancellationToken);
    }

    /// <summary>The newest incidents first.</summary>
    public Task<IReadOnlyList<IncidentRecord>> ListAsync(int take, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<IncidentRecord>>(async db =>
            await db.Incidents.OrderByDescending(i => i.OccurredAt).ThenByDescending(i => i.Id).Take(Math.Max(1, take)).ToListAsync(cancellationToken).ConfigureAwait(false),
            cancellationToken);
}
