namespace Agent.Activities.Safety.Oversight;

/// <summary>
/// One journal entry of a run's oversight: a PreToolUse decision (effect, rule, reason) or a PostToolUse record
/// (whether the tool succeeded). The input summary is redacted and shortened.
/// </summary>
/// <param name="At">When the hook was answered.</param>
/// <param name="HookEvent"><c>PreToolUse</c> or <c>PostToolUse</c>.</param>
/// <param name="Tool">The tool name.</param>
/// <param name="ToolUseId">The tool call's id, linking a decision to its record.</param>
/// <param name="ActionClass">The policy action class the call was mapped to.</param>
/// <param name="InputSummary">The command, path, URL or tool, redacted.</param>
/// <param name="Effect"><c>allow</c>, <c>deny</c>, <c>require-approval</c>, <c>require-consensus</c> for PreToolUse; <c>recorded</c> for PostToolUse.</param>
/// <param name="RuleId">The deciding rule (PreToolUse).</param>
/// <param name="Reason">The rule's reason (PreToolUse), or the error the tool reported (PostToolUse).</param>
/// <param name="Succeeded">Whether the tool succeeded (PostToolUse).</param>
public sealed record ToolDecision(DateTimeOffset At, string HookEvent, string Tool, string? ToolUseId, string? ActionClass, string InputSummary, string Effect,
    string? RuleId = null, string? Reason = null, bool? Succeeded = null)
{
    /// <summary>Whether this is a PreToolUse decision that stopped the call.</summary>
    public bool Denied => HookEvent == HookEvents.PreToolUse && Effect != ToolDecisionEffects.Allow;
}

/// <summary>The <see cref="ToolDecision.Effect"/> words.</summary>
public static class ToolDecisionEffects
{
    /// <summary>The call went ahead.</summary>
    public const string Allow = "allow";
    /// <summary>The policy refused it.</summary>
    public const string Deny = "deny";
    /// <summary>It needed a person's approval; a headless run denies it.</summary>
    public const string RequireApproval = "require-approval";
    /// <summary>It needed several approvers; a headless run denies it.</summary>
    public const string RequireConsensus = "require-consensus";
    /// <summary>A PostToolUse record.</summary>
    public const string Recorded = "recorded";
}
