using Agent.Activities.SelfModification;

namespace Agent.Activities.Validation;

/// <summary>
/// Checks a task's change against the hard gates (from the measurements before and after, and the worktree's diff),
/// proves the gap closed, computes the improvement score, and assesses its risk. <c>Passed</c> when every gate passed
/// and the measurements compare, else <c>Rejected</c>. The measurements come from the measurement step (build and test in the worktree).
/// </summary>
[Activity("Agent", "Validation", "Checks a change against the hard gates, scores it and assesses its risk.", DisplayName = "Check Gates")]
[FlowNode(PassedOutcome, RejectedOutcome)]
public sealed class CheckGates : IActivity
{
    /// <summary>Every gate passed.</summary>
    public const string PassedOutcome = "Passed";
    /// <summary>A gate failed.</summary>
    public const string RejectedOutcome = "Rejected";

    /// <summary>The worktree.</summary>
    [Input(Description = "The task's worktree (the output of CreateWorktree).", Order = 0)]
    [Required]
    public Input<TaskWorktree> Worktree { get; set; } = null!;

    /// <summary>The gap the change was made for.</summary>
    [Input(Description = "The gap the change must close (FindGaps' topGap).", Order = 1)]
    [Required]
    public Input<Gaps.Gap> Gap { get; set; } = null!;

    /// <summary>The measurement before the change.</summary>
    [Input(Description = "The measurement before: { buildSucceeded, hasBuild, warnings, testsMeasured, testsPassed, testsFailed, testsTotal, failingTests[], passingTests[], diagnostics[], undocumentedMembers[], todos[], outdatedPackages[], metrics{} }.", Order = 2)]
    [Required]
    public Input<Measurement> Before { get; set; } = null!;

    /// <summary>The measurement after the change.</summary>
    [Input(Description = "The measurement after, in the worktree (same shape as before).", Order = 3)]
    [Required]
    public Input<Measurement> After { get; set; } = null!;

    /// <summary>The verdict.</summary>
    [Output(Description = "passed, unmeasurable, improvementScore, gapClosed, gapEvidence, failures[], gates[{gate, passed, reasons}], risk{needsApproval, level, reasons}, diffStat, diffSummary, linesChanged.")]
    public Output<ValidationReport> Result { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var worktree = context.Require(Worktree, "CreateWorktree's worktree");
        var gap = context.Require(Gap, "FindGaps' topGap");
        var before = context.Require(Before, "a measurement of the base");
        var after = context.Require(After, "a measurement of the change");
        var verdict = await context.GetRequiredService<ChangeValidation>().CheckAsync(worktree, gap, before, after, context.CancellationToken);
        var (report, _) = await Safety.Decisions.VerdictDecision.ApplyAsync(context, worktree, gap, verdict, Safety.Decisions.VerdictDecision.AllMetrics(before), Safety.Decisions.VerdictDecision.AllMetrics(after));
        context.Set(Result, report);
        if (!report.Passed) await SecurityRejection.PublishAsync(context, worktree, gap, verdict.Gates.Failures);
        // A change that could not be measured has no verdict to pass with; a denied one is rejected with the decision's reasons.
        context.Complete(report.Passed ? PassedOutcome : RejectedOutcome);
    }
}
