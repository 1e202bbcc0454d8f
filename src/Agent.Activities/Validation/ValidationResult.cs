namespace Agent.Activities.Validation;

/// <summary>The names of the hard gates.</summary>
public static class GateNames
{
    /// <summary>The change is not empty.</summary>
    public const string HasChange = "has-change";
    /// <summary>The measurement after the change shows its gap closed.</summary>
    public const string GapClosed = "gap-closed";
    /// <summary>Tests that ran before still run.</summary>
    public const string TestsStillRun = "tests-still-run";
    /// <summary>The improvement score is above <see cref="ValidationOptions.MinImprovementScore"/>.</summary>
    public const string ImprovementAboveThreshold = "improvement-above-threshold";
    /// <summary>The build still succeeds.</summary>
    public const string BuildSucceeds = "build-succeeds";
    /// <summary>No test fails that passed before.</summary>
    public const string NoNewFailingTest = "no-new-failing-test";
    /// <summary>No test file deleted and no test lost.</summary>
    public const string NoTestRemoved = "no-test-removed";
    /// <summary>No test file has fewer assertions or more skip markers.</summary>
    public const string NoAssertionWeakened = "no-assertion-weakened";
    /// <summary>No protected path changed.</summary>
    public const string ProtectedPathsUntouched = "protected-paths-untouched";
    /// <summary>Every changed C# file parses.</summary>
    public const string DiffParses = "diff-parses";
    /// <summary>The change adds no secret and no vulnerable package (per <c>Safety:Scanning:FailOn</c>).</summary>
    public const string Security = "security";
}

/// <summary>One gate's verdict and, when it failed, every reason.</summary>
public sealed record GateResult(string Gate, bool Passed, IReadOnlyList<string> Reasons);

/// <summary>
/// The verdict on a change: it passes only when every gate passes. <see cref="ImprovementScore"/> is reported either
/// way and never overrides a gate.
/// </summary>
public sealed record ValidationResult(IReadOnlyList<GateResult> Gates, double ImprovementScore)
{
    /// <summary>Whether the change closed its gap, and the measurement that shows it.</summary>
    public GapClosureResult GapClosure { get; init; } = new(false, "not checked");

    /// <summary>True when every gate passed.</summary>
    public bool Passed => Gates.All(g => g.Passed);

    /// <summary>Every reason of every failed gate, prefixed by the gate's name.</summary>
    public IReadOnlyList<string> Failures => [.. Gates.Where(g => !g.Passed).SelectMany(g => g.Reasons.Select(r => $"{g.Gate}: {r}"))];
}

/// <summary>Whether a change may be merged without a human, and why not.</summary>
public sealed record RiskAssessment(IReadOnlyList<string> Reasons)
{
    /// <summary>True when at least one reason asks for a human's approval.</summary>
    public bool NeedsApproval => Reasons.Count > 0;

    /// <summary><c>high</c> when approval is needed, else <c>low</c>.</summary>
    public string Level => NeedsApproval ? "high" : "low";
}
