using Agent.Activities.Assessment;
using Agent.Activities.Gaps;
using Agent.Activities.SelfModification;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Validation;

/// <summary>
/// Decides whether a change could be measured at all. A build or test run that fails for reasons the change did not
/// cause — the runner refusing, zero tests discovered where there were some, a build that could not run, a build that
/// fails before and after for a gap that is not the build — is no verdict on the change: the cycle reports "could not
/// measure the change" and neither accepts nor rejects it. A change that touches the build or test set-up (sensitive
/// paths, test files) owns what happens to the measurement, so it is left to the gates instead.
/// </summary>
public sealed class ChangeMeasurability(IOptions<ValidationOptions> options)
{
    private readonly PathGlobs _setup = new([.. options.Value.SensitivePaths, .. options.Value.TestFiles]);

    /// <summary>Why the change cannot be measured, or null when before and after compare.</summary>
    public string? WhyNotMeasurable(Gap gap, Measurement before, Measurement after, WorktreeDiff diff)
    {
        ArgumentNullException.ThrowIfNull(gap);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(diff);
        if (before.BuildProblem is { } was) return $"the build could not run before the change: {was}";
        if (after.BuildProblem is { } now) return $"the build could not run after the change: {now}";
        if (before.BuildFailed && after.BuildFailed && gap.TaskType != TaskTypes.FixBuild)
            return $"the build fails before and after the change ({FirstError(after)}), so its effect cannot be measured";
        var ownsTheSetup = diff.Files.Any(f => _setup.IsMatch(f.Path) || _setup.IsMatch(f.OldPath));
        if (before.TestsMeasured && !after.TestsMeasured && !after.BuildFailed && !ownsTheSetup)
            return $"the tests could not be read after the change: {after.TestsUnknownReason ?? "no report"}";
        if (!before.TestsMeasured && before.SuitePassed is not null && after.SuitePassed is null && !after.BuildFailed && !ownsTheSetup)
            return $"the test suite could not be run after the change: {after.TestsUnknownReason ?? "no result"}";
        if (before.TestsMeasured && after.TestsMeasured && before.TestsTotal > 0 && after.TestsTotal == 0 && !ownsTheSetup)
            return $"no tests were discovered after the change, {before.TestsTotal} before";
        // Tests that cannot be read on either side leave the change's effect on them unknown — unless their exit code can be compared.
        if (!before.TestsMeasured && !after.TestsMeasured && !before.BuildFailed && before.TestsUnknownReason is { } reason && reason != AssessmentService.NoTestRunnerReason
            && gap.TaskType != TaskTypes.FixBuild && (before.SuitePassed is null || after.SuitePassed is null))
            return $"the tests cannot be measured in this repository ({reason}), so the change's effect on them is unknown";
        return null;
    }

    private static string FirstError(Measurement m) =>
        m.Diagnostics.FirstOrDefault(d => d.Severity == "error") is { } e ? $"{e.Code} {e.Message}" : "see the build output";
}
