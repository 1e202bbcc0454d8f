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
    public static readonly IReadOnlyList<string> Outcomes = ["merged", "reverted", "rejected", "discarded", "unmeasured", "assessed", "no-gap", "refused", "failed"];

    /// <summary>How many ranked gaps the summary lists.</summary>
    public const int ListedGaps = 5;

    private const int MaxPromptChars = 1500;

    /// <summary>How the cycle ended.</summary>
    [Input(Description = "merged, reverted, rejected, discarded, unmeasured (the change could not be measured), assessed (an assessment-only cycle), no-gap, refused or failed.",
        UIHint = "Dropdown", Options = ["merged", "reverted", "rejected", "discarded", "unmeasured", "assessed", "no-gap", "refused", "failed"], Order = 0)]
    public Input<string> Outcome { get; set; } = null!;

    /// <summary>Why.</summary>
    [Input(Description = "Why it ended so, in one line.", Order = 1)]
    public Input<string> Reason { get; set; } = null!;

    /// <summary>The research, when it ran.</summary>
    [Input(Description = "Research's context (its files and notes are listed), or empty.", Order = 2)]
    public Input<object> Research { get; set; } = null!;

    /// <summary>The plan, when it was made.</summary>
    [Input(Description = "Plan's result (its mode and prompt are listed), or empty.", Order = 3)]
    public Input<object> Plan { get; set; } = null!;

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
        summary["research"] = context.Get(Research) is { } r ? ResearchSummary(PlainRecords.Read<ResearchSummaryView>(r, context.ActivityId, "research")) : null;
        summary["plan"] = context.Get(Plan) is { } p ? PlanSummary(PlainRecords.Read<PlanSummaryView>(p, context.ActivityId, "plan")) : null;
        context.SetVariable(CycleVariables.Summary, summary);
        context.Set<object>(Summary, summary);
        context.WriteLine($"cycle {outcome}: {reason}");
        context.Complete();
        return ValueTask.CompletedTask;
    }

    // Without a validation (the cycle ended before it) the snapshot says how the target measured.
    private static string? MeasuredBefore(ActivityExecutionContext context) =>
        context.GetVariable(CycleVariables.Snapshot) is { } plain
            ? Validation.Measurement.From(PlainRecords.Read<Assessment.MeasurementSnapshot>(plain, context.ActivityId, CycleVariables.Snapshot)).Describe()
            : null;

    private sealed record RankedGapView(string Key, string TaskType, double Priority, string Summary);

    private sealed record ResearchFileView(string Path, string Reason);

    private sealed record ResearchSummaryNoteView(string Source, string Title);

    private sealed record ResearchSummaryView(List<ResearchFileView>? Files, List<string>? ErrorExcerpts, List<ResearchSummaryNoteView>? Notes);

    private sealed record PlanSummaryView(string? Mode, string? TaskType, string? TemplateFile, string? Prompt);

    private static Dictionary<string, object?> Build(ActivityExecutionContext context, string outcome, string reason)
    {
        var top = CycleState.Read<GapView>(context, CycleVariables.TopGap);
        var gaps = context.GetVariable(CycleVariables.Gaps) as System.Collections.IEnumerable;
        var metrics = CycleState.Read<SnapshotView>(context, CycleVariables.Snapshot)?.Metrics;
        var ranked = CycleState.Read<List<RankedGapView>>(context, CycleVariables.Gaps) ?? [];
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
            ["rankedGaps"] = ranked.Take(ListedGaps).Select(g => new Dictionary<string, object?>
            {
                ["key"] = g.Key, ["taskType"] = g.TaskType, ["priority"] = Math.Round(g.Priority, 3), ["summary"] = g.Summary,
            }).ToList(),
            ["testsBefore"] = validation?.TestsBefore is { } b ? Tests(b) : metrics is null || !metrics.ContainsKey("tests.total") ? null : Tests(metrics),
            ["testsAfter"] = validation?.TestsAfter is { } after ? Tests(after) : null,
            ["measuredBefore"] = validation?.MeasuredBefore ?? MeasuredBefore(context),
            ["measuredAfter"] = validation?.MeasuredAfter,
            ["gapClosed"] = validation?.GapClosed,
            ["gapEvidence"] = validation?.GapEvidence,
            ["improvementScore"] = validation?.ImprovementScore,
            ["gateFailures"] = validation?.Failures ?? [],
            ["commit"] = change?.Commit,
            ["diffStat"] = validation?.DiffStat,
            ["costUsd"] = Math.Round(runs.Sum(r => r.CostUsd), 6),
            ["tokens"] = runs.Sum(r => r.Tokens?.Total ?? 0),
            ["approvalId"] = decision?.ApprovalId,
        };
    }

    private static Dictionary<string, object?>? Tests(TestCounts counts) => counts.Measured
        ? new() { ["passed"] = counts.Passed, ["failed"] = counts.Failed, ["total"] = counts.Total }
        : null;

    private static Dictionary<string, object?> ResearchSummary(ResearchSummaryView research) => new()
    {
        ["files"] = (research.Files ?? []).Select(f => new Dictionary<string, object?> { ["path"] = f.Path, ["reason"] = f.Reason }).ToList(),
        ["errorExcerpts"] = (research.ErrorExcerpts ?? []).Count,
        ["notes"] = (research.Notes ?? []).Select(n => $"{n.Source}: {n.Title}").ToList(),
    };

    private static Dictionary<string, object?> PlanSummary(PlanSummaryView plan) => new()
    {
        ["mode"] = plan.Mode, ["taskType"] = plan.TaskType, ["templateFile"] = plan.TemplateFile,
        ["prompt"] = plan.Prompt is { Length: > MaxPromptChars } text ? text[..MaxPromptChars] + "…" : plan.Prompt,
    };

    private static Dictionary<string, object?> Tests(Dictionary<string, double> metrics)
    {
        int Count(string name) => (int)Math.Round(metrics.GetValueOrDefault(name), MidpointRounding.AwayFromZero);
        return new() { ["passed"] = Count("tests.passed"), ["failed"] = Count("tests.failed"), ["total"] = Count("tests.total") };
    }

}
