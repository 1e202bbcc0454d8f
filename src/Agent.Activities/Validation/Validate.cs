using Agent.Activities.Assessment;
using Agent.Activities.CycleStore;
using Agent.Activities.Cycle;
using Agent.Activities.Safety.Audit;
using Agent.Activities.Safety.Decisions;
using Agent.Activities.Safety.Events;
using Agent.Activities.Safety.Policy;
using Agent.Activities.SelfModification;

namespace Agent.Activities.Validation;

/// <summary>
/// The cycle's validation step: rebuilds and retests the task's worktree (<see cref="AssessmentService.MeasureAsync"/>),
/// then proves the change closed its gap, checks the hard gates, scores it and assesses its risk
/// (<see cref="ChangeValidation"/>). <c>Accepted</c> needs a non-empty change, the gap closed, no regression and a score
/// above the threshold; a change whose before and after do not compare (the runner refused, no tests discovered, the
/// build failing before and after) is <c>Unmeasured</c> — neither accepted nor rejected.
/// It only reads the worktree; the decision record it writes is replaced when it runs again after a crash. For the agent's own repository
/// (<see cref="ValidationOptions.AgentRepository"/>) the measurement is the agent's full test suite, and the risk asks
/// for approval unless <see cref="ValidationOptions.SelfTargetNeedsApproval"/> is false. A change that passes every gate
/// then gets its merge decision (<see cref="MergeDecisions"/>, when registered): deny rejects it with the reasons, escalate
/// asks for approval; the record is stored and published, and its id and reasons are in the report.
/// </summary>
[Activity("Agent", "Validation", "Rebuilds and retests a change in its worktree, checks the hard gates, scores it and assesses its risk.", DisplayName = "Validate")]
[FlowNode(AcceptedOutcome, NeedsApprovalOutcome, RejectedOutcome, UnmeasuredOutcome)]
public sealed class Validate : IActivity
{
    /// <summary>Every gate passed and the risk is low: merge.</summary>
    public const string AcceptedOutcome = "Accepted";
    /// <summary>Every gate passed but a human must approve first.</summary>
    public const string NeedsApprovalOutcome = "NeedsApproval";
    /// <summary>A hard gate failed: discard.</summary>
    public const string RejectedOutcome = "Rejected";
    /// <summary>The change could not be measured (no verdict on it): discard and record an incident.</summary>
    public const string UnmeasuredOutcome = "Unmeasured";

    /// <summary>The worktree.</summary>
    [Input(Description = "The task's worktree (the output of CreateWorktree).", Order = 0)]
    [Required]
    public Input<TaskWorktree> Worktree { get; set; } = null!;

    /// <summary>The snapshot before the change.</summary>
    [Input(Description = "The snapshot id of the target before the change (AssessState's snapshotId).", Order = 1)]
    [Required]
    public Input<long> SnapshotId { get; set; } = null!;

    /// <summary>The gap the change was made for.</summary>
    [Input(Description = "The gap the change must close (FindGaps' topGap); its task type decides how closing it is measured.", Order = 2)]
    [Required]
    public Input<Gaps.Gap> Gap { get; set; } = null!;

    /// <summary>The verdict.</summary>
    [Output(Description = "The verdict: passed, unmeasurable, improvementScore, gapClosed, gapEvidence, failures[], gates[], risk{needsApproval, level, reasons}, diffStat, diffSummary, linesChanged, measuredBefore, measuredAfter, testsBefore, testsAfter {passed, failed, total, measured}, metricsBefore, metricsAfter, newFailures[{name, message}], security{summary, findings[], unknownVulnerabilityData[], score, scorePartial, scoreDeductions[]}, decision{id, outcome, reasons[], principles[]}.")]
    public Output<ValidationReport> Result { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var worktree = context.Get(Worktree)!;
        var gap = context.Get(Gap)!;
        var before = await SnapshotInput.ReadAsync(context, SnapshotId);
        MeasurementSnapshot after;
        try
        {
            // An empty change is rejected as such; building and testing the base a second time would say nothing new.
            after = await context.GetRequiredService<GitRepository>().HasChangesSinceAsync(worktree.Path, worktree.BaseCommit, context.CancellationToken)
                ? await context.GetRequiredService<AssessmentService>().MeasureAsync(worktree.Path, new WriteLineProgress(context, "validate: "), context.CancellationToken)
                : before;
        }
        catch (AssessmentException e)
        {
            throw new WorkflowFaultException($"{context.ActivityId}: {e.Message}", "cycle-invalid-target");
        }
        var (measuredBefore, measuredAfter) = (Measurement.From(before), Measurement.From(after));
        var verdict = await context.GetRequiredService<ChangeValidation>().CheckAsync(worktree, gap, measuredBefore, measuredAfter, context.CancellationToken);
        // The merge decision (principles with evidence) is made only for a change that may otherwise be merged.
        var (report, decision) = await VerdictDecision.ApplyAsync(context, worktree, gap, verdict, before.Metrics, after.Metrics);
        var failedBefore = measuredBefore.FailingTests.ToHashSet(StringComparer.Ordinal);
        report = report with
        {
            MeasuredBefore = measuredBefore.Describe(), MeasuredAfter = measuredAfter.Describe(),
            TestsBefore = Tests(measuredBefore), TestsAfter = Tests(measuredAfter),
            MetricsBefore = before.Metrics, MetricsAfter = after.Metrics,
            NewFailures = [.. after.FailingTests.Where(t => !failedBefore.Contains(Measurement.TestName(t))).Select(t => new NewFailure(t.Name, t.Message ?? t.StackTrace ?? ""))],
        };
        var outcome = verdict.Unmeasurable is not null ? UnmeasuredOutcome
            : !verdict.Gates.Passed || decision?.Outcome == DecisionOutcome.Deny ? RejectedOutcome
            : verdict.Risk.NeedsApproval || decision?.Outcome == DecisionOutcome.Escalate ? NeedsApprovalOutcome : AcceptedOutcome;
        string? policyWhy = null;
        if (outcome is AcceptedOutcome or NeedsApprovalOutcome) (outcome, policyWhy, report) = await AskPolicyAsync(context, worktree, gap, verdict, report, outcome);
        context.Set(Result, report);
        var why = outcome switch
        {
            UnmeasuredOutcome => $" (could not measure the change: {verdict.Unmeasurable})",
            RejectedOutcome => $" ({policyWhy ?? (verdict.Gates.Passed ? $"decision denies: {decision!.Reasons[0]}" : verdict.Gates.Failures[0])})",
            _ => "",
        };
        if (verdict.Security is { } security) context.WriteLine($"validate: security: {security.Describe()}");
        if (outcome == RejectedOutcome) await SecurityRejection.PublishAsync(context, worktree, gap, verdict.Gates.Failures);
        context.WriteLine($"validate: {Compare(measuredBefore, measuredAfter)}; gap {(verdict.Gates.GapClosure.Closed ? "closed" : "open")}: {verdict.Gates.GapClosure.Evidence}; "
            + $"score {verdict.Gates.ImprovementScore:0.#}, {outcome}{why}");
        context.Complete(outcome);
    }

    /// <summary>
    /// The policy's word on merging (<see cref="MergePolicyCheck"/>): a denial rejects the change, require-approval or
    /// require-consensus sends it to the approval; the report says which rule decided.
    /// </summary>
    private static async Task<(string Outcome, string? Why, ValidationReport Report)> AskPolicyAsync(ActivityExecutionContext context, TaskWorktree worktree, Gaps.Gap gap,
        ChangeVerdict verdict, ValidationReport report, string outcome)
    {
        PolicyDecision decision;
        try
        {
            decision = await context.GetRequiredService<MergePolicyCheck>().CheckAsync(worktree, gap.TaskType, verdict.Risk.Reasons, context.InstanceId, context.CancellationToken);
        }
        catch (PolicyFileException e)
        {
            decision = new PolicyDecision(PolicyEffect.Deny, "policy-unreadable", $"the policy cannot be read: {e.Message}", e.File ?? "", []);
        }
        var why = $"policy: rule '{decision.RuleId}' ({decision.Source}) {PolicyEffects.Name(decision.Effect)}: {decision.Reason}";
        switch (decision.Effect)
        {
            case PolicyEffect.Deny:
                return (RejectedOutcome, why, report with { Passed = false, Failures = [.. report.Failures, why] });
            case PolicyEffect.RequireApproval or PolicyEffect.RequireConsensus:
                var risk = report.Risk ?? new RiskView(false, "low", []);
                return (NeedsApprovalOutcome, why, report with { Risk = new RiskView(true, "high", [.. risk.Reasons, why]), PolicyEffect = PolicyEffects.Name(decision.Effect) });
            default:
                return (outcome, null, report);
        }
    }

    // "tests 1 → 0 failing" only when both sides ran their tests; otherwise what each side measured, in words.
    private static string Compare(Measurement before, Measurement after)
    {
        if (before.TestsMeasured && after.TestsMeasured && !before.BuildFailed && !after.BuildFailed)
            return $"tests {before.TestsFailed} → {after.TestsFailed} failing";
        if (before.BuildFailed && after.BuildFailed) return $"build fails before and after, {(after.TestsMeasured ? $"{after.TestsFailed} failing" : "tests not run")}";
        return $"before: {before.Describe()}; after: {after.Describe()}";
    }

    private static TestCounts Tests(Measurement m) => new(m.TestsPassed, m.TestsFailed, m.TestsTotal, m.TestsMeasured);
}
