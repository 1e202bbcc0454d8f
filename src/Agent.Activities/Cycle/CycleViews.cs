namespace Agent.Activities.Cycle;

/// <summary>
/// The workflow variables the improvement-cycle definition captures its steps' outputs into. The cycle's own
/// activities (<see cref="SummarizeCycle"/>) read them by these names, so the definition and the code share one list.
/// </summary>
public static class CycleVariables
{
    /// <summary>The target repository (BeginCycle's <c>target</c>).</summary>
    public const string Target = "target";
    /// <summary>The cycle's id (BeginCycle's <c>cycleId</c>).</summary>
    public const string CycleId = "cycleId";
    /// <summary>The snapshot before (AssessState's <c>snapshot</c>).</summary>
    public const string Snapshot = "snapshot";
    /// <summary>The ranked gaps (FindGaps' <c>gaps</c>).</summary>
    public const string Gaps = "gaps";
    /// <summary>The top gap (FindGaps' <c>topGap</c>).</summary>
    public const string TopGap = "topGap";
    /// <summary>Claude's results (ClaudeExecute's <c>results</c>).</summary>
    public const string Execution = "execution";
    /// <summary>The verdict (Validate's <c>result</c>).</summary>
    public const string Validation = "validation";
    /// <summary>The human's decision (HumanApproval's <c>decision</c>).</summary>
    public const string Decision = "decision";
    /// <summary>The merge or discard (SelfModify's <c>result</c>).</summary>
    public const string Change = "change";
    /// <summary>The cycle's summary, written at every end (<see cref="SummarizeCycle"/>).</summary>
    public const string Summary = "summary";
}

internal sealed record GapView(string Key, string TaskType, string? GoalId, string Summary);

internal sealed record SnapshotView(Dictionary<string, double>? Metrics);

internal sealed record TokensView(long Total);

internal sealed record RunView(bool Success, double CostUsd, TokensView? Tokens, int Turns, long DurationMs, string? Subtype, string? Text, string? Error);

internal sealed record TestCounts(int Passed, int Failed, int Total, bool Measured = true);

internal sealed record NewFailureView(string Name, string? Message);

internal sealed record ValidationView(
    bool Passed, double ImprovementScore, List<string>? Failures, string? DiffStat, TestCounts? TestsBefore, TestCounts? TestsAfter,
    Dictionary<string, double>? MetricsBefore, Dictionary<string, double>? MetricsAfter, List<NewFailureView>? NewFailures,
    bool GapClosed = false, string? GapEvidence = null, string? Unmeasurable = null, string? DiffSummary = null,
    string? MeasuredBefore = null, string? MeasuredAfter = null);

internal sealed record DecisionView(string? ApprovalId, string? Decision, string? By, string? Comment);

internal sealed record ChangeView(string? Outcome, string? Commit, string? Reason);

/// <summary>Reads the cycle's captured variables as typed views; a variable that is not set reads as null.</summary>
internal static class CycleState
{
    public static T? Read<T>(Agent.Workflows.Execution.ActivityExecutionContext context, string variable) where T : class =>
        context.GetVariable(variable) is { } plain ? PlainRecords.Read<T>(plain, context.ActivityId, variable) : null;

    public static List<RunView> Runs(Agent.Workflows.Execution.ActivityExecutionContext context) => Read<List<RunView>>(context, CycleVariables.Execution) ?? [];
}
