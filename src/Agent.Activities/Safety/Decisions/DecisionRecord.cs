using System.Text.Json.Serialization;

namespace Agent.Activities.Safety.Decisions;

/// <summary>The significant decisions of a cycle that get a record.</summary>
public static class DecisionKinds
{
    /// <summary>Merge a change into a target.</summary>
    public const string Merge = "merge";
    /// <summary>Merge a change into the agent's own repository.</summary>
    public const string SelfModify = "self-modify";
    /// <summary>Integrate a discovered tool (MCP server) into a target.</summary>
    public const string IntegrateTool = "integrate-tool";
    /// <summary>Spend more than <c>Safety:Decisions:SpendEscalationUsd</c> in one cycle.</summary>
    public const string Spend = "spend";
}

/// <summary>The principles every decision is checked against.</summary>
public static class PrincipleIds
{
    /// <summary>Do not weaken tests or safety checks.</summary>
    public const string NoWeakenedChecks = "no-weakened-checks";
    /// <summary>Do not exfiltrate code or secrets.</summary>
    public const string NoExfiltration = "no-exfiltration";
    /// <summary>Respect the licences of added dependencies.</summary>
    public const string Licences = "licences";
    /// <summary>No destructive action outside the worktree.</summary>
    public const string WorktreeOnly = "worktree-only";
    /// <summary>Do not act outside the allowed hours.</summary>
    public const string AllowedHours = "allowed-hours";
    /// <summary>Stay within the stated goals (and let none regress).</summary>
    public const string WithinGoals = "within-goals";
    /// <summary>Spend within the escalation threshold.</summary>
    public const string SpendWithinThreshold = "spend-within-threshold";
}

/// <summary>What one principle check found.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PrincipleOutcome>))]
public enum PrincipleOutcome
{
    /// <summary>The principle holds, with evidence.</summary>
    Pass,
    /// <summary>The principle is broken, with evidence.</summary>
    Fail,
    /// <summary>It could not be told (missing data): a human decides.</summary>
    Unknown,
}

/// <summary>What a decision concluded.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DecisionOutcome>))]
public enum DecisionOutcome
{
    /// <summary>Go ahead.</summary>
    Allow,
    /// <summary>Go ahead only after a human approves.</summary>
    Escalate,
    /// <summary>Do not: the change is discarded with the reasons.</summary>
    Deny,
}

/// <summary>One principle checked for a decision.</summary>
/// <param name="Principle">One of <see cref="PrincipleIds"/>.</param>
/// <param name="Outcome">Pass, fail or unknown.</param>
/// <param name="Evidence">What was looked at and seen, one line each.</param>
/// <param name="OnFail">What a failure of this principle means for the decision (deny, or escalate to a human).</param>
public sealed record PrincipleResult(string Principle, PrincipleOutcome Outcome, IReadOnlyList<string> Evidence, DecisionOutcome OnFail = DecisionOutcome.Deny)
{
    /// <summary>A pass with evidence.</summary>
    public static PrincipleResult Pass(string principle, params IEnumerable<string> evidence) => new(principle, PrincipleOutcome.Pass, [.. evidence]);
    /// <summary>A failure with evidence.</summary>
    public static PrincipleResult Fail(string principle, DecisionOutcome onFail, params IEnumerable<string> evidence) => new(principle, PrincipleOutcome.Fail, [.. evidence], onFail);
    /// <summary>Could not be told, and why.</summary>
    public static PrincipleResult Unknown(string principle, params IEnumerable<string> evidence) => new(principle, PrincipleOutcome.Unknown, [.. evidence], DecisionOutcome.Escalate);
}

/// <summary>
/// A decision record: which principles a significant decision of a cycle was checked against, with what evidence, and
/// what was decided and why. Stored (<see cref="DecisionStore"/>), published as a <c>decision</c> safety event, shown by
/// <c>agent decisions show &lt;cycle&gt;</c> and with the approval it may ask for.
/// </summary>
/// <param name="Id">Unique (a GUID string).</param>
/// <param name="CycleId">The cycle's workflow instance id.</param>
/// <param name="Kind">One of <see cref="DecisionKinds"/>.</param>
/// <param name="Subject">What was decided about: the gap and branch, the tool, the spend.</param>
/// <param name="Target">The target repository.</param>
/// <param name="Principles">Every principle checked.</param>
/// <param name="Outcome">Allow, escalate or deny.</param>
/// <param name="Reasons">Why, one line per failed or unknown principle (or "every principle holds").</param>
/// <param name="At">When (UTC).</param>
public sealed record DecisionRecord(string Id, string CycleId, string Kind, string Subject, string Target, IReadOnlyList<PrincipleResult> Principles,
    DecisionOutcome Outcome, IReadOnlyList<string> Reasons, DateTimeOffset At)
{
    /// <summary>The outcome in lower case, as the CLI and the events spell it.</summary>
    public string OutcomeName => Outcome.ToString().ToLowerInvariant();
}

/// <summary>The decision as Validate's report carries it to the approval and the summary.</summary>
/// <param name="Id">The record's id.</param>
/// <param name="Outcome"><c>allow</c>, <c>escalate</c> or <c>deny</c>.</param>
/// <param name="Reasons">Why.</param>
/// <param name="Principles">Each principle as <c>principle: outcome — evidence</c>.</param>
public sealed record DecisionView(string Id, string Outcome, IReadOnlyList<string> Reasons, IReadOnlyList<string> Principles)
{
    /// <summary>The view of <paramref name="record"/>.</summary>
    public static DecisionView From(DecisionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new DecisionView(record.Id, record.OutcomeName, record.Reasons,
            [.. record.Principles.Select(p => $"{p.Principle}: {p.Outcome.ToString().ToLowerInvariant()} — {string.Join("; ", p.Evidence)}")]);
    }
}
