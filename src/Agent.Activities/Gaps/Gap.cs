namespace Agent.Activities.Gaps;

/// <summary>
/// Something between the target and its goals, ranked by <see cref="Priority"/> = impact × confidence ÷ expected cost.
/// </summary>
public sealed record Gap
{
    /// <summary>The subject of a failing-test gap whose runner names no test: the whole suite, judged by its exit code.</summary>
    public const string WholeTestSuite = "test-suite";

    /// <summary>Stable across cycles: <c>{taskType}:{subject}</c>, e.g. <c>fix-failing-test:ArithmeticTests.Max_returns_the_larger_value</c>.</summary>
    public required string Key { get; init; }

    /// <summary>One of <see cref="TaskTypes"/>.</summary>
    public required string TaskType { get; init; }

    /// <summary>The goal whose target is missed.</summary>
    public required string GoalId { get; init; }

    /// <summary>The goal's title.</summary>
    public required string GoalTitle { get; init; }

    /// <summary>The metric of the missed target.</summary>
    public required string Metric { get; init; }

    /// <summary>The target, e.g. <c>tests.failed ≤ 0</c>.</summary>
    public required string Target { get; init; }

    /// <summary>The measured value.</summary>
    public double Current { get; init; }

    /// <summary>What exactly is to be fixed (a test, a file, a warning), or empty for the whole metric.</summary>
    public string Subject { get; init; } = "";

    /// <summary>A short, imperative title for the change that closes this gap (the commit's title).</summary>
    public string Title => TaskTypes.Title(TaskType, Subject);

    /// <summary>The compiler diagnostic the gap is about (a warning to remove, a build error), or null.</summary>
    public Agent.Activities.Assessment.BuildDiagnostic? Diagnostic { get; init; }

    /// <summary>Files the gap is about, relative to the target root (may be empty).</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>A short description for people and prompts.</summary>
    public required string Summary { get; init; }

    /// <summary>How much closing it moves the goals (goal weight × task type impact), &gt; 0.</summary>
    public double Impact { get; init; }

    /// <summary>How likely an attempt succeeds, 0..1 (task type estimate × learned advice).</summary>
    public double Confidence { get; init; }

    /// <summary>Expected cost in relative units (task type estimate × learned advice), &gt; 0.</summary>
    public double ExpectedCost { get; init; }

    /// <summary>Impact × confidence ÷ expected cost.</summary>
    public double Priority { get; init; }

    /// <summary>Failed attempts so far.</summary>
    public int Failures { get; init; }

    /// <summary>Notes from the advisor (learned patterns), if any.</summary>
    public IReadOnlyList<string> Advice { get; init; } = [];
}

/// <summary>The ranked gaps of one snapshot, plus those skipped because they failed too often.</summary>
/// <param name="Ranked">Highest priority first.</param>
/// <param name="Parked">Gaps skipped after repeated failures.</param>
public sealed record GapQueue(IReadOnlyList<Gap> Ranked, IReadOnlyList<Gap> Parked)
{
    /// <summary>The gap to work on next, or null when nothing is left.</summary>
    public Gap? Top => Ranked.Count > 0 ? Ranked[0] : null;
}
