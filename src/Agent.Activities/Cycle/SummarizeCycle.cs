using Agent.Workflows.Activities;
using Agent.Workflows.Execution;

namespace Agent.Activities.Cycle;

/// <summary>
/// Ends a cycle: writes the workflow variable <c>summary</c> (the cycle's output contract, see README "Improvement
/// cycle") from the variables the steps captured, and prints one line. Every end of the improvement-cycle definition
/// passes through one of these, with its outcome and reason.
/// </summary>
[Activity("Agent", "Improvement cycle", "Writes the cycle's summary variable (target, outcome, gaps, tests before/after, score, commit, cost).", DisplayName = "Summarize Cycle")]
public sealed class SummarizeCycle : IActivity
{
    /// <summary>The outcomes a summary can have.</summary>
    public static readonly IReadOnlyList<string> Outcomes = ["merged", "reverted", "rejected", "discarded", "no-gap", "refused", "failed"];

    /// <summary>How the cycle ended.</summary>
    [Input(Description = "merged, reverted, rejected, discarded, no-gap, refused or failed.", UIHint = "Dropdown", Options = ["merged", "reverted", "rejected", "discarded", "no-gap", "refused", "failed"], Order = 0)]
    public Input<string> Outcome { get; set; } = null!;

    /// <summary>Why.</summary>
    [Input(Description = "Why it ended so, in one line.", Order = 1)]
    public Input<string> Reason { get; set; } = null!;

    /// <summary>The summary.</summary>
    [Output(Description = "The summary (also the workflow variable 'summary').")]
    public Output<object> Summary { get; set; } = null!;

    /// <inheritdoc />
    public ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var outcome = (context.Get(Outcome) ?? "").Trim();
        if (!Outcomes.Contains(outcome))
            throw new WorkflowFaultException($"{context.ActivityId}: outcome '{outcome}' is not known; use one of {string.Join(", ", Outcomes)}.", PlainRecords.InvalidInputCode);
        var reason = context.Get(Reason) ?? "";
        var summary = Build(context, outcome, reason);
        context.SetVariable(CycleVariables.Summary, summary);
        context.Set<object>(Summary, summary);
        context.WriteLine($"cycle {outcome}: {reason}");
        context.Complete();
        return ValueTask.CompletedTask;
    }

    private static Dictionary<string, object?> Build(ActivityExecutionContext context, string outcome, string reason)
    {
        var top = CycleState.Read<GapView>(context, CycleVariables.TopGap);
        var gaps = context.GetVariable(CycleVariables.Gaps) as System.Collections.IEnumerable;
        var metrics = CycleState.Read<SnapshotView>(context, CycleVariables.Snapshot)?.Metrics;
        var validation = CycleState.Read<ValidationView>(context, CycleVariables.Validation);
        var runs = CycleState.Runs(context);
        var decision = CycleState.Read<DecisionView>(context, CycleVariables.Decision);
        var change = CycleState.Read<ChangeView>(context, CycleVariables.Change);
        return new Dictionary<string, object?>
        {
            ["target"] = context.GetVariable(CycleVariables.Target) as string,
            ["cycleId"] = context.GetVariable(CycleVariables.CycleId) as string ?? context.InstanceId,
            ["outcome"] = outcome,
            ["reason"] = reason,
            ["gapsFound"] = gaps?.Cast<object?>().Count() ?? 0,
            ["topGap"] = top is null ? null : new Dictionary<string, object?> { ["key"] = top.Key, ["taskType"] = top.TaskType, ["summary"] = top.Summary },
            ["testsBefore"] = metrics is null ? null : Tests(metrics),
            ["testsAfter"] = validation?.TestsAfter is { } after ? new Dictionary<string, object?> { ["passed"] = after.Passed, ["failed"] = after.Failed, ["total"] = after.Total } : null,
            ["improvementScore"] = validation?.ImprovementScore,
            ["gateFailures"] = validation?.Failures ?? [],
            ["commit"] = change?.Commit,
            ["diffStat"] = validation?.DiffStat,
            ["costUsd"] = Math.Round(runs.Sum(r => r.CostUsd), 6),
            ["tokens"] = runs.Sum(r => r.Tokens?.Total ?? 0),
            ["approvalId"] = decision?.ApprovalId,
        };
    }

    private static Dictionary<string, object?> Tests(Dictionary<string, double> metrics)
    {
        int Count(string name) => (int)Math.Round(metrics.GetValueOrDefault(name), MidpointRounding.AwayFromZero);
        return new() { ["passed"] = Count("tests.passed"), ["failed"] = Count("tests.failed"), ["total"] = Count("tests.total") };
    }

}
