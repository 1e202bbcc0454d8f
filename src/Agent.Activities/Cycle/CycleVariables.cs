namespace Agent.Activities.Cycle;

/// <summary>
/// The workflow variables the shipped improvement-cycle definition captures its steps' outputs into and binds later
/// steps' inputs to. Code that reads a finished cycle (the main job's summary, tests) uses these names.
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
    /// <summary>The merge or discard (MergeChange's or DiscardChange's <c>result</c>).</summary>
    public const string Change = "change";
    /// <summary>How the cycle ended (EndCycle's <c>ending</c>).</summary>
    public const string Ending = "ending";
    /// <summary>The cycle's summary, written at every end (SummarizeCycle's <c>summary</c>).</summary>
    public const string Summary = "summary";
}
