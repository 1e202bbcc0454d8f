namespace Agent.Activities.Validation;

/// <summary>
/// The improvement score of a change, from the metric deltas (after minus before):
/// <code>
/// score = 10 × (failed_before − failed_after)
///       +  1 × (passed_after − passed_before)
///       + 0.5 × (warnings_before − warnings_after)
///       + 20 × (1 if the build went from failing to succeeding, −1 if the other way, else 0)
///       + Σ weight[m] × (metric_after[m] − metric_before[m])     for each metric m with a weight
/// </code>
/// A fixed failing test (+10, +1 more for the now passing test) outweighs a few new warnings; a positive weight means
/// higher is better (coverage percent: +1 per point), a negative one lower is better (TODOs: −0.2 each). Metrics missing on
/// either side do not count, and neither do test counts or warnings one side could not measure. The score ranks and thresholds changes; it never lets a change through a failed gate.
/// </summary>
public static class ImprovementScore
{
    /// <summary>Computes the score; rounded to 3 decimals so it reads the same everywhere.</summary>
    public static double Compute(Measurement before, Measurement after, IReadOnlyDictionary<string, double> weights)
    {
        // Test and warning figures count only where both sides measured them: an unknown count is not zero.
        var tests = before.TestsMeasured && after.TestsMeasured;
        var warnings = before.HasBuild && after.HasBuild && before.BuildSucceeded && after.BuildSucceeded;
        var score = (tests ? 10.0 * (before.TestsFailed - after.TestsFailed) + (after.TestsPassed - before.TestsPassed) : 0)
            + (warnings ? 0.5 * (before.Warnings - after.Warnings) : 0)
            + 20.0 * ((after.BuildSucceeded ? 1 : 0) - (before.BuildSucceeded ? 1 : 0));
        // A runner the agent cannot read is judged by its exit code alone: a suite that now passes weighs like a fixed test.
        if (!tests && before.SuitePassed is { } suiteBefore && after.SuitePassed is { } suiteAfter)
            score += 10.0 * ((suiteAfter ? 1 : 0) - (suiteBefore ? 1 : 0));
        foreach (var (name, weight) in weights)
            if (before.Metrics.TryGetValue(name, out var b) && after.Metrics.TryGetValue(name, out var a))
                score += weight * (a - b);
        return Math.Round(score, 3);
    }
}
