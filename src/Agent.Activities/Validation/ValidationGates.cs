using System.Text.Json;
using Agent.Activities.Gaps;
using Agent.Activities.SelfModification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Validation;

/// <summary>
/// The hard gates a change must pass before it may be merged: it changes something, it closes its gap
/// (<see cref="GapClosure"/>), the build still succeeds, the tests still run, no new failing test, no test file deleted
/// or test lost, no assertion weakened, protected paths untouched, the changed files parse, and its improvement score is
/// above <see cref="ValidationOptions.MinImprovementScore"/>. Pure logic over the gap, two measurements and the
/// worktree's diff, so it is tested without git or a runner.
/// </summary>
public sealed class ValidationGates(IOptions<ValidationOptions> options)
{
    private readonly ValidationOptions _options = options.Value;
    private readonly PathGlobs _tests = new(options.Value.TestFiles);
    private readonly PathGlobs _protected = new(options.Value.ProtectedPaths);

    /// <summary>Checks every gate, whether the change closed <paramref name="gap"/>, and computes the improvement score.</summary>
    public ValidationResult Evaluate(Gap gap, Measurement before, Measurement after, WorktreeDiff diff)
    {
        ArgumentNullException.ThrowIfNull(gap);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(diff);
        var closure = diff.IsEmpty ? new GapClosureResult(false, "nothing changed") : GapClosure.Check(gap, before, after);
        var score = ImprovementScore.Compute(before, after, _options.MetricWeights);
        GateResult[] gates =
        [
            Gate(GateNames.HasChange, diff.IsEmpty ? ["no change: the task left its worktree exactly as the base commit."] : []),
            Gate(GateNames.GapClosed, closure.Closed ? [] : [$"the gap '{gap.Key}' is still open: {closure.Evidence}."]),
            Gate(GateNames.BuildSucceeds, BuildSucceeds(before, after)),
            Gate(GateNames.TestsStillRun, TestsStillRun(before, after)),
            Gate(GateNames.NoNewFailingTest, NoNewFailingTest(before, after)),
            Gate(GateNames.NoTestRemoved, NoTestRemoved(before, after, diff)),
            Gate(GateNames.NoAssertionWeakened, NoAssertionWeakened(diff)),
            Gate(GateNames.ProtectedPathsUntouched, ProtectedPathsUntouched(diff)),
            Gate(GateNames.DiffParses, DiffParses(diff)),
            Gate(GateNames.ImprovementAboveThreshold, score > _options.MinImprovementScore ? []
                : [$"the improvement score {score:0.###} is not above {_options.MinImprovementScore:0.###} (Validation:MinImprovementScore)."]),
        ];
        return new ValidationResult(gates, score) { GapClosure = closure };
    }

    /// <summary>
    /// What got worse from <paramref name="before"/> to <paramref name="after"/> in the two gates that need no diff: the
    /// build broke, or tests newly fail. Empty when nothing regressed. The post-merge check uses it.
    /// </summary>
    public static IReadOnlyList<string> Regressions(Measurement before, Measurement after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return [.. BuildSucceeds(before, after), .. NoNewFailingTest(before, after)];
    }

    private static GateResult Gate(string name, IEnumerable<string> reasons)
    {
        var list = reasons.ToList();
        return new GateResult(name, list.Count == 0, list);
    }

    private static IEnumerable<string> BuildSucceeds(Measurement before, Measurement after)
    {
        if (before.BuildSucceeded && !after.BuildSucceeded) yield return "the build succeeded before the change and fails after it.";
    }

    private static IEnumerable<string> TestsStillRun(Measurement before, Measurement after)
    {
        if (before.TestsMeasured && !after.TestsMeasured && !after.BuildFailed)
            yield return $"the tests ran before the change and could not be read after it: {after.TestsUnknownReason ?? "no report"}.";
    }

    // Regressions can only be judged against what was measured on both sides (a build fix may make tests visible that
    // could not run before; they become gaps of their own, not failures of the fix).
    private static IEnumerable<string> NoNewFailingTest(Measurement before, Measurement after)
    {
        if (!before.TestsMeasured || !after.TestsMeasured)
        {
            // Without per-test results the suite's exit code is all there is to compare.
            if (before.SuitePassed == true && after.SuitePassed == false)
                yield return "the test suite passed before the change and fails after it (its command's exit code).";
            yield break;
        }
        var known = before.FailingTests.ToHashSet(StringComparer.Ordinal);
        var newlyFailing = after.FailingTests.Where(t => !known.Contains(t)).ToList();
        foreach (var test in newlyFailing) yield return $"test '{test}' fails after the change and did not before.";
        if (newlyFailing.Count == 0 && after.TestsFailed > before.TestsFailed)
            yield return $"{after.TestsFailed} tests fail after the change, {before.TestsFailed} before.";
    }

    private IEnumerable<string> NoTestRemoved(Measurement before, Measurement after, WorktreeDiff diff)
    {
        foreach (var file in diff.Files)
        {
            if (file.Kind == FileChangeKind.Deleted && _tests.IsMatch(file.Path))
                yield return $"test file '{file.Path}' was deleted.";
            else if (file.Kind == FileChangeKind.Renamed && _tests.IsMatch(file.OldPath) && !_tests.IsMatch(file.Path))
                yield return $"test file '{file.OldPath}' was moved to '{file.Path}', where it is no longer a test file.";
        }
        if (before.TestsMeasured && after.TestsMeasured && after.TestsTotal < before.TestsTotal)
            yield return $"{before.TestsTotal - after.TestsTotal} test(s) fewer than before ({before.TestsTotal} → {after.TestsTotal}).";
    }

    private IEnumerable<string> NoAssertionWeakened(WorktreeDiff diff)
    {
        foreach (var file in diff.Files.Where(f => f.Kind is FileChangeKind.Modified or FileChangeKind.Renamed))
        {
            if (!_tests.IsMatch(file.Path) && !_tests.IsMatch(file.OldPath)) continue;
            var before = AssertionCounter.Count(file.OldPath ?? file.Path, file.Before);
            var after = AssertionCounter.Count(file.Path, file.After);
            if (after.Assertions < before.Assertions)
                yield return $"'{file.Path}' has {after.Assertions} assertion(s) after the change, {before.Assertions} before.";
            if (after.SkipMarkers > before.SkipMarkers)
                yield return $"'{file.Path}' skips {after.SkipMarkers - before.SkipMarkers} more test(s) than before.";
        }
    }

    private IEnumerable<string> ProtectedPathsUntouched(WorktreeDiff diff)
    {
        foreach (var file in diff.Files)
            foreach (var path in new[] { file.OldPath, file.Path }.OfType<string>().Distinct())
                if (_protected.FirstMatch(path) is { } glob)
                    yield return $"'{path}' is protected by '{glob}' (Validation:ProtectedPaths) and was {file.Kind.ToString().ToLowerInvariant()}.";
    }

    private static IEnumerable<string> DiffParses(WorktreeDiff diff)
    {
        foreach (var file in diff.Files.Where(f => f.After is not null))
        {
            var extension = Path.GetExtension(file.Path).ToLowerInvariant();
            if (extension == ".cs")
            {
                var errors = CSharpSyntaxTree.ParseText(file.After!, path: file.Path).GetDiagnostics()
                    .Where(d => d.Severity == DiagnosticSeverity.Error).Take(5);
                foreach (var error in errors)
                {
                    var line = error.Location.GetLineSpan().StartLinePosition;
                    yield return $"{file.Path}({line.Line + 1},{line.Character + 1}): {error.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
                }
            }
            else if (extension == ".json" && JsonProblem(file.After!) is { } problem)
                yield return $"{file.Path}: {problem}";
        }
    }

    private static string? JsonProblem(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return null;
        }
        catch (JsonException e) { return $"not valid JSON ({e.Message})"; }
    }
}
