namespace Agent.Activities.Validation;

/// <summary>Test counts of one side of a validation.</summary>
/// <param name="Passed">Tests that passed.</param>
/// <param name="Failed">Tests that failed.</param>
/// <param name="Total">Tests run.</param>
/// <param name="Measured">False when the counts could not be read (then they are zero and mean nothing).</param>
public sealed record TestCounts(int Passed, int Failed, int Total, bool Measured = true);

/// <summary>A test that fails after the change and did not before.</summary>
/// <param name="Name">The test's name.</param>
/// <param name="Message">What the runner said.</param>
public sealed record NewFailure(string Name, string? Message);

/// <summary>
/// Validate's verdict on a change, as later steps (Learn, the approval, the summary) read it: whether it passed, could
/// not be measured, closed its gap, its score, the gates' failures, the diff, and what was measured before and after.
/// </summary>
public sealed record ValidationReport
{
    /// <summary>True when every gate passed and the measurements compare.</summary>
    public bool Passed { get; init; }
    /// <summary>Why the change could not be measured, or null.</summary>
    public string? Unmeasurable { get; init; }
    /// <summary>The improvement score.</summary>
    public double ImprovementScore { get; init; }
    /// <summary>Whether the measurement after the change shows its gap closed.</summary>
    public bool GapClosed { get; init; }
    /// <summary>What was measured about the gap, in one line.</summary>
    public string? GapEvidence { get; init; }
    /// <summary>Every failed gate's reasons, each prefixed by the gate's name.</summary>
    public IReadOnlyList<string> Failures { get; init; } = [];
    /// <summary>Every gate with its verdict.</summary>
    public IReadOnlyList<GateResult> Gates { get; init; } = [];
    /// <summary>Whether a human must approve, and why.</summary>
    public RiskView? Risk { get; init; }
    /// <summary>The policy's effect when a rule asked for more than the gates (<c>require-approval</c> or <c>require-consensus</c>), else null; routes a risky change (RouteRiskyChange).</summary>
    public string? PolicyEffect { get; init; }
    /// <summary>A git-like stat of the diff.</summary>
    public string? DiffStat { get; init; }
    /// <summary>The diff in one line: files changed, lines added and deleted.</summary>
    public string? DiffSummary { get; init; }
    /// <summary>Lines added plus deleted.</summary>
    public int LinesChanged { get; init; }
    /// <summary>How the base measured, in words.</summary>
    public string? MeasuredBefore { get; init; }
    /// <summary>How the change measured, in words.</summary>
    public string? MeasuredAfter { get; init; }
    /// <summary>Test counts before.</summary>
    public TestCounts? TestsBefore { get; init; }
    /// <summary>Test counts after.</summary>
    public TestCounts? TestsAfter { get; init; }
    /// <summary>Metrics before, by name.</summary>
    public IReadOnlyDictionary<string, double>? MetricsBefore { get; init; }
    /// <summary>Metrics after, by name.</summary>
    public IReadOnlyDictionary<string, double>? MetricsAfter { get; init; }
    /// <summary>Tests that fail after the change and did not before.</summary>
    public IReadOnlyList<NewFailure> NewFailures { get; init; } = [];
    /// <summary>What the security scan found and the target's Security Score after the change (null when not scanned).</summary>
    public Safety.Scanning.SecurityView? Security { get; init; }
    /// <summary>The merge decision record's summary (null when no decision was recorded: the change did not pass the gates).</summary>
    public Safety.Decisions.DecisionView? Decision { get; init; }
}

/// <summary>The risk part of a <see cref="ValidationReport"/>.</summary>
/// <param name="NeedsApproval">True when a human must approve the change.</param>
/// <param name="Level"><c>high</c> or <c>low</c>.</param>
/// <param name="Reasons">Why.</param>
public sealed record RiskView(bool NeedsApproval, string Level, IReadOnlyList<string> Reasons);
