using System.Text.Json;
using Agent.Activities.SelfModification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Validation;

/// <summary>
/// The hard gates a change must pass before it may be merged, whatever its score: the build still succeeds, no new
/// failing test, no test file deleted or test lost, no assertion weakened, protected paths untouched, and the changed
/// files parse. Pure logic over two measurements and the worktree's diff, so it is tested without git or a runner.
/// </summary>
public sealed class ValidationGates(IOptions<ValidationOptions> options)
{
    private readonly ValidationOptions _options = options.Value;
    private readonly PathGlobs _tests = new(options.Value.TestFiles);
    private readonly PathGlobs _protected = new(options.Value.ProtectedPaths);

    /// <summary>Checks every gate and computes the improvement score.</summary>
    public ValidationResult Evaluate(Measurement before, Measurement after, WorktreeDiff diff)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(diff);
        GateResult[] gates =
        [
            Gate(GateNames.BuildSucceeds, BuildSucceeds(before, after)),
            Gate(GateNames.NoNewFailingTest, NoNewFailingTest(before, after)),
            Gate(GateNames.NoTestRemoved, NoTestRemoved(before, after, diff)),
            Gate(GateNames.NoAssertionWeakened, NoAssertionWeakened(diff)),
            Gate(GateNames.ProtectedPathsUntouched, ProtectedPathsUntouched(diff)),
            Gate(GateNames.DiffParses, DiffParses(diff)),
        ];
        return new ValidationResult(gates, ImprovementScore.Compute(before, after, _options.MetricWeights));
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

    private static IEnumerable<string> NoNewFailingTest(Measurement before, Measurement after)
    {
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
        if (after.TestsTotal < before.TestsTotal)
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
