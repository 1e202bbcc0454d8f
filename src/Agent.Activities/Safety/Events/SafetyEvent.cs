namespace Agent.Activities.Safety.Events;

/// <summary>
/// Something an overseer must be able to see later or be told about now: an approval asked or given, a merge, a revert,
/// a policy denial, a budget or resource limit hit, an incident, an emergency stop, a decision record, a tool
/// integration, a configuration change. Every event goes to the audit log; the subscribed kinds also go out as webhooks.
/// </summary>
/// <param name="Id">Unique per event (a GUID string); webhook receivers deduplicate by it.</param>
/// <param name="Kind">One of <see cref="SafetyEventKinds"/>.</param>
/// <param name="At">When it happened (UTC).</param>
/// <param name="Actor">Who caused it: <c>agent</c>, <c>claude</c>, a user name, <c>cli</c>, <c>api</c>.</param>
/// <param name="Summary">One line for a person.</param>
/// <param name="Data">Details as string pairs (cycle id, target, rule, run id, limit…). Secrets are redacted before anything stores or sends them.</param>
public sealed record SafetyEvent(string Id, string Kind, DateTimeOffset At, string Actor, string Summary, IReadOnlyDictionary<string, string> Data)
{
    /// <summary>A new event with a fresh id.</summary>
    public static SafetyEvent Create(string kind, string actor, string summary, IReadOnlyDictionary<string, string>? data = null, TimeProvider? clock = null) =>
        new(Guid.NewGuid().ToString("N"), kind, (clock ?? TimeProvider.System).GetUtcNow(), actor, summary, data ?? new Dictionary<string, string>());
}

/// <summary>The kinds of <see cref="SafetyEvent"/>; webhook subscriptions name these.</summary>
public static class SafetyEventKinds
{
    /// <summary>A human approval gate is waiting.</summary>
    public const string ApprovalRequested = "approval.requested";
    /// <summary>Someone approved or rejected.</summary>
    public const string ApprovalDecided = "approval.decided";
    /// <summary>A change was merged into a target.</summary>
    public const string ChangeMerged = "change.merged";
    /// <summary>A merged change was reverted.</summary>
    public const string ChangeReverted = "change.reverted";
    /// <summary>The policy denied an action (a Claude tool call, a merge, an integration…).</summary>
    public const string PolicyDenied = "policy.denied";
    /// <summary>A token or USD budget (cycle, day, month) or the self-modification rate was exceeded.</summary>
    public const string BudgetExceeded = "budget.exceeded";
    /// <summary>A process was killed for breaching a resource limit (memory, CPU, wall time, processes, disk).</summary>
    public const string LimitBreached = "limit.breached";
    /// <summary>Something went wrong that a person should look at.</summary>
    public const string Incident = "incident";
    /// <summary>The emergency stop was engaged or released.</summary>
    public const string EmergencyStop = "emergency.stop";
    /// <summary>A decision record was written (merge, integrate, self-modify, spend).</summary>
    public const string Decision = "decision";
    /// <summary>An MCP server was integrated into (or removed from) a target.</summary>
    public const string Integration = "tool.integration";
    /// <summary>The policy, goals or agent configuration changed.</summary>
    public const string ConfigChanged = "config.changed";
    /// <summary>Emergent-behaviour detection found coordinated agents misbehaving (oscillation, duplicate work, runaway spawning, cost spike, echo loop, deadlock).</summary>
    public const string CoordinationIncident = "coordination.incident";

    /// <summary>Every kind, for validating subscriptions.</summary>
    public static readonly IReadOnlyList<string> All =
        [ApprovalRequested, ApprovalDecided, ChangeMerged, ChangeReverted, PolicyDenied, BudgetExceeded, LimitBreached, Incident, EmergencyStop, Decision, Integration, ConfigChanged, CoordinationIncident];
}

/// <summary>
/// Where safety events go. The registered implementation appends each event to the hash-chained audit log and queues
/// it in the webhook outbox in one transaction, so an event is never sent without being audited. Publishing must not
/// throw for delivery problems (webhooks are retried from the outbox); it throws only when the audit cannot be written.
/// </summary>
public interface ISafetyEventSink
{
    /// <summary>Audits <paramref name="safetyEvent"/> and queues it for the subscribed webhooks.</summary>
    Task PublishAsync(SafetyEvent safetyEvent, CancellationToken cancellationToken);
}
