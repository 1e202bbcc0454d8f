using Agent.Activities.Assessment;
using Agent.Activities.CycleStore;
using Agent.Activities.Cycle;
using Agent.Activities.SelfModification;
using Agent.Workflows.Activities;
using Agent.Workflows.Execution;

namespace Agent.Activities.Validation;

/// <summary>
/// The cycle's validation step: rebuilds and retests the task's worktree (<see cref="AssessmentService.MeasureAsync"/>),
/// then checks the change against the hard gates, scores it and assesses its risk (<see cref="ChangeValidation"/>).
/// It only reads the worktree and writes nothing, so after a crash it simply runs again. For the agent's own repository
/// (<see cref="ValidationOptions.AgentRepository"/>) the measurement is the agent's full test suite, and the risk asks
/// for approval unless <see cref="ValidationOptions.SelfTargetNeedsApproval"/> is false.
/// </summary>
[Activity("Agent", "Validation", "Rebuilds and retests a change in its worktree, checks the hard gates, scores it and assesses its risk.", DisplayName = "Validate")]
[FlowNode(AcceptedOutcome, NeedsApprovalOutcome, RejectedOutcome)]
public sealed class Validate : IActivity
{
    /// <summary>Every gate passed and the risk is low: merge.</summary>
    public const string AcceptedOutcome = "Accepted";
    /// <summary>Every gate passed but a human must approve first.</summary>
    public const string NeedsApprovalOutcome = "NeedsApproval";
    /// <summary>A hard gate failed: discard.</summary>
    public const string RejectedOutcome = "Rejected";

    /// <summary>The worktree.</summary>
    [Input(Description = "The task's worktree (the output of CreateWorktree).", Order = 0)]
    public Input<object> Worktree { get; set; } = null!;

    /// <summary>The snapshot before the change.</summary>
    [Input(Description = "The snapshot id of the target before the change (AssessState's snapshotId).", Order = 1)]
    public Input<long> SnapshotId { get; set; } = null!;

    /// <summary>The verdict.</summary>
    [Output(Description = "passed, improvementScore, failures[], gates[], risk{needsApproval, level, reasons}, diffStat, diffSummary, linesChanged, testsBefore, testsAfter {passed, failed, total}, metricsBefore, metricsAfter, newFailures[{name, message}].")]
    public Output<object> Result { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var worktree = PlainRecords.Read<TaskWorktree>(context.Get(Worktree), context.ActivityId, "worktree");
        var before = await SnapshotInput.ReadAsync(context, SnapshotId);
        MeasurementSnapshot after;
        try
        {
            after = await context.GetRequiredService<AssessmentService>().MeasureAsync(worktree.Path, new WriteLineProgress(context, "validate: "), context.CancellationToken);
        }
        catch (AssessmentException e)
        {
            throw new WorkflowFaultException($"{context.ActivityId}: {e.Message}", "cycle-invalid-target");
        }
        var (measuredBefore, measuredAfter) = (Measurement.From(before), Measurement.From(after));
        var verdict = await context.GetRequiredService<ChangeValidation>().CheckAsync(worktree, measuredBefore, measuredAfter, context.CancellationToken);
        var failedBefore = measuredBefore.FailingTests.ToHashSet(StringComparer.Ordinal);
        var result = verdict.ToPlain();
        result["testsBefore"] = Tests(measuredBefore);
        result["testsAfter"] = Tests(measuredAfter);
        result["metricsBefore"] = before.Metrics;
        result["metricsAfter"] = after.Metrics;
        result["newFailures"] = after.FailingTests
            .Where(t => !failedBefore.Contains(Measurement.TestName(t)))
            .Select(t => new { name = t.Name, message = t.Message ?? t.StackTrace ?? "" }).ToList();
        context.Set<object>(Result, result);
        var outcome = !verdict.Gates.Passed ? RejectedOutcome : verdict.Risk.NeedsApproval ? NeedsApprovalOutcome : AcceptedOutcome;
        context.WriteLine($"validate: tests {measuredBefore.TestsFailed} → {measuredAfter.TestsFailed} failing, score {verdict.Gates.ImprovementScore:0.#}, {outcome}"
            + (verdict.Gates.Passed ? "" : $" ({verdict.Gates.Failures[0]})"));
        context.Complete(outcome);
    }

    private static object Tests(Measurement m) => new { passed = m.TestsPassed, failed = m.TestsFailed, total = m.TestsTotal };
}
