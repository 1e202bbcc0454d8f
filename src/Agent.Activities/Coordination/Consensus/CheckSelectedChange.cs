using Agent.Activities.Safety.Policy;
using Agent.Activities.SelfModification;
using Agent.Activities.Validation;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Coordination.Consensus;

/// <summary>
/// The last word before the reviewers' choice merges: the winner's risk (<see cref="RiskAssessor"/>) and the merge
/// policy (<see cref="MergePolicyCheck"/>), as Validate asks them for a single change. A policy denial ends it
/// (<c>Denied</c>, nothing merges). A rule that requires approval, or a risky change, goes to a human
/// (<c>NeedsHuman</c>) unless <c>Coordination:Consensus:RiskyChanges</c> is <c>ReviewersInsteadOfHuman</c>; a rule that
/// requires consensus has it already (the reviewers approved). Otherwise <c>Merge</c>.
/// </summary>
[Activity("Agent", "Consensus", "Checks the selected change's risk and the merge policy: merge, ask a human, or stop.", DisplayName = "Check Selected Change")]
[FlowNode(MergeOutcome, NeedsHumanOutcome, DeniedOutcome)]
public sealed class CheckSelectedChange : IActivity
{
    /// <summary>Nothing stands in the way.</summary>
    public const string MergeOutcome = "Merge";
    /// <summary>A human must approve it first.</summary>
    public const string NeedsHumanOutcome = "NeedsHuman";
    /// <summary>The policy denies the merge.</summary>
    public const string DeniedOutcome = "Denied";

    /// <summary>The selected candidate's worktree.</summary>
    [Input(Description = "The selected candidate's worktree (the review's Selection.worktree).", Order = 0)]
    public Input<TaskWorktree> Worktree { get; set; } = null!;

    /// <summary>The gap.</summary>
    [Input(Description = "The gap the change closes (its task type is what the policy matches).", Order = 1)]
    public Input<Gaps.Gap> Gap { get; set; } = null!;

    /// <summary>Why it needs a human or may not merge.</summary>
    [Output(Description = "Why the change needs a human, or why it may not merge (risk reasons, the policy rule); empty for Merge.")]
    public Output<List<string>> Reasons { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var worktree = context.Require(Worktree, "the review's Selection.worktree");
        var gap = context.Require(Gap, "the round's gap");
        var diff = await context.GetRequiredService<WorktreeDiffReader>().ReadAsync(worktree, context.CancellationToken);
        var risk = context.GetRequiredService<RiskAssessor>().Assess(diff, worktree.TargetRepository);
        PolicyDecision policy;
        try
        {
            policy = await context.GetRequiredService<MergePolicyCheck>().CheckAsync(worktree, gap.TaskType, risk.Reasons, context.InstanceId, context.CancellationToken);
        }
        catch (PolicyFileException e)
        {
            policy = new PolicyDecision(PolicyEffect.Deny, "policy-unreadable", $"the policy cannot be read: {e.Message}", e.File ?? "", []);
        }
        var why = $"policy: rule '{policy.RuleId}' ({policy.Source}) {PolicyEffects.Name(policy.Effect)}: {policy.Reason}";
        var insteadOfHuman = context.GetRequiredService<IOptions<ConsensusOptions>>().Value.RiskyChanges == RiskyChangeMode.ReviewersInsteadOfHuman;
        var (outcome, reasons) = policy.Effect switch
        {
            PolicyEffect.Deny => (DeniedOutcome, new List<string> { why }),
            PolicyEffect.RequireApproval => (NeedsHumanOutcome, [.. risk.Reasons, why]),
            _ when risk.NeedsApproval && !insteadOfHuman => (NeedsHumanOutcome, [.. risk.Reasons]),
            _ => (MergeOutcome, new List<string>()),
        };
        context.Set(Reasons, reasons);
        foreach (var reason in reasons) context.WriteLine($"consensus: {worktree.TaskId}: {(outcome == DeniedOutcome ? "may not merge" : "needs a human")}: {reason}");
        context.Complete(outcome);
    }
}
