using Agent.Activities.Gaps;
using Agent.Activities.Goals;

namespace Agent.Activities.Validation;

/// <summary>Whether a change closed the gap it was made for, and the measurement that shows it.</summary>
/// <param name="Closed">True only when the measurement after the change shows the gap closed.</param>
/// <param name="Evidence">What was measured, in one line: why the gap is closed, or why it is still open.</param>
public sealed record GapClosureResult(bool Closed, string Evidence);

/// <summary>
/// Proves (or refutes) that a change closed its gap, with the measurement of the gap's task type:
/// <list type="bullet">
/// <item><c>fix-failing-test</c>: that test exists after the change and passes (a gap without a test name: fewer tests
/// fail; the whole suite of a runner the agent cannot read: its command exits 0).</item>
/// <item><c>fix-build</c>: the build succeeds.</item>
/// <item><c>remove-warning</c>: the build succeeds and that warning (code, file, message) is gone.</item>
/// <item><c>document-api</c>: none of the file's undocumented members is still undocumented, and API docs coverage rose.</item>
/// <item><c>add-tests</c>: new tests exist and pass, and coverage rose where coverage is measured.</item>
/// <item><c>remove-todo</c>: the file's markers are gone (not moved elsewhere) and the TODO count fell.</item>
/// <item><c>update-dependency</c> of one package: the build succeeds and the package is no longer listed outdated or
/// vulnerable, or its resolved version is at least the one wanted; of a whole metric: fewer outdated (or vulnerable)
/// packages and the build succeeds.</item>
/// </list>
/// Pure logic over the gap and two measurements, so every rule is tested without a runner.
/// </summary>
public static class GapClosure
{
    /// <summary>Checks <paramref name="gap"/> against the measurements before and after the change.</summary>
    public static GapClosureResult Check(Gap gap, Measurement before, Measurement after)
    {
        ArgumentNullException.ThrowIfNull(gap);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return gap.TaskType switch
        {
            TaskTypes.FixFailingTest => FailingTest(gap, before, after),
            TaskTypes.FixBuild => Build(before, after),
            TaskTypes.RemoveWarning => Warning(gap, before, after),
            TaskTypes.DocumentApi => Docs(gap, before, after),
            TaskTypes.AddTests => Tests(gap, before, after),
            TaskTypes.RemoveTodo => Todos(gap, before, after),
            TaskTypes.UpdateDependency when before.Dependencies.Any(d => d.Package == gap.Subject) => DependencyClosure.Package(gap.Subject, before, after),
            TaskTypes.UpdateDependency => Dependencies(before, after),
            _ => Open($"no measurement is defined for task type '{gap.TaskType}', so its change cannot be shown to close the gap"),
        };
    }

    private static GapClosureResult FailingTest(Gap gap, Measurement before, Measurement after)
    {
        if (gap.Subject == Gap.WholeTestSuite)
            return after.SuitePassed switch
            {
                true => Closed("the test suite passes (its command exits 0)"),
                false => Open("the test suite still fails (its command exits non-zero)"),
                null => Open($"the test suite could not be run after the change ({after.TestsUnknownReason ?? "no result"})"),
            };
        if (!after.TestsMeasured) return Open($"the tests could not be measured after the change ({after.TestsUnknownReason ?? "no report"})");
        var test = gap.Subject;
        if (test.Length == 0 || MetricCatalog.Find(test) is not null)
        {
            // A runner that reported counts only: the gap is the metric, and fewer failing tests is all that can be shown.
            return after.TestsFailed < before.TestsFailed
                ? Closed($"{before.TestsFailed} → {after.TestsFailed} failing tests")
                : Open($"{after.TestsFailed} test(s) still fail ({before.TestsFailed} before)");
        }
        if (after.PassingTests.Contains(test, StringComparer.Ordinal)) return Closed($"the test '{test}' passes");
        return after.FailingTests.Contains(test, StringComparer.Ordinal)
            ? Open($"the test '{test}' still fails")
            : Open($"the test '{test}' no longer exists after the change (it was neither passed nor failed)");
    }

    private static GapClosureResult Build(Measurement before, Measurement after)
    {
        if (!after.HasBuild) return Open($"the build could not run after the change ({after.BuildProblem ?? "no build"})");
        if (!after.BuildSucceeded) return Open($"the build still fails: {FirstError(after) ?? "see the build output"}");
        return Closed(before.BuildFailed ? $"the build succeeds (it failed before: {FirstError(before) ?? "see the build output"})" : "the build succeeds");
    }

    private static GapClosureResult Warning(Gap gap, Measurement before, Measurement after)
    {
        if (gap.Diagnostic is not { } warning) return Open("the gap names no warning, so its removal cannot be shown");
        if (!after.HasBuild || !after.BuildSucceeded) return Open("the build does not succeed after the change, so its warnings are not known");
        var still = after.Diagnostics.Any(d => d.Severity == "warning" && d.Code == warning.Code && d.File == warning.File && d.Message == warning.Message);
        if (still) return Open($"warning {warning.Code} in {warning.File} is still reported");
        // The snapshot keeps a bounded list; when it is full the warning may simply not be listed, and only a lower count shows it went.
        var listed = after.Diagnostics.Count(d => d.Severity == "warning");
        return listed >= after.Warnings || after.Warnings < before.Warnings
            ? Closed($"warning {warning.Code} in {warning.File} is gone ({after.Warnings} warning(s) left)")
            : Open($"warning {warning.Code} is not listed after the change, but the list is cut and the warning count did not fall");
    }

    private static GapClosureResult Docs(Gap gap, Measurement before, Measurement after)
    {
        var file = gap.Files.FirstOrDefault() ?? gap.Subject;
        var wanted = before.UndocumentedMembers.Where(m => m.File == file).Select(m => m.Member).ToHashSet(StringComparer.Ordinal);
        var left = after.UndocumentedMembers.Where(m => m.File == file && wanted.Contains(m.Member)).Select(m => m.Member).ToList();
        if (left.Count > 0) return Open($"{left.Count} member(s) in {file} are still undocumented: {string.Join(", ", left.Take(5))}");
        if (!TryDelta(before, after, MetricCatalog.DocsPublicApiPercent, out var b, out var a)) return Open("API docs coverage could not be measured after the change");
        return a > b
            ? Closed($"every listed member of {file} is documented (API docs {b:0.#}% → {a:0.#}%)")
            : Open($"API docs coverage did not rise ({b:0.#}% → {a:0.#}%)");
    }

    private static GapClosureResult Tests(Gap gap, Measurement before, Measurement after)
    {
        if (!after.TestsMeasured) return Open($"the tests could not be measured after the change ({after.TestsUnknownReason ?? "no report"})");
        var known = before.PassingTests.Concat(before.FailingTests).ToHashSet(StringComparer.Ordinal);
        var added = after.PassingTests.Where(t => !known.Contains(t)).ToList();
        var failingNew = after.FailingTests.Where(t => !known.Contains(t)).ToList();
        if (failingNew.Count > 0) return Open($"{failingNew.Count} new test(s) fail: {string.Join(", ", failingNew.Take(3))}");
        if (after.TestsTotal <= before.TestsTotal || added.Count == 0) return Open($"no new passing test ({before.TestsTotal} → {after.TestsTotal} tests)");
        var coverageWanted = gap.Metric == MetricCatalog.CoverageLinePercent || before.Metrics.ContainsKey(MetricCatalog.CoverageLinePercent);
        if (!coverageWanted) return Closed($"{added.Count} new test(s) pass ({before.TestsTotal} → {after.TestsTotal} tests; coverage is not measured in this repository)");
        if (!TryDelta(before, after, MetricCatalog.CoverageLinePercent, out var b, out var a)) return Open("line coverage could not be measured after the change");
        return a > b
            ? Closed($"{added.Count} new test(s) pass and line coverage rose {b:0.#}% → {a:0.#}%")
            : Open($"{added.Count} new test(s) pass but line coverage did not rise ({b:0.#}% → {a:0.#}%)");
    }

    private static GapClosureResult Todos(Gap gap, Measurement before, Measurement after)
    {
        var file = gap.Files.FirstOrDefault() ?? gap.Subject;
        var markers = before.Todos.Where(t => t.File == file).Select(t => t.Text).ToHashSet(StringComparer.Ordinal);
        var left = after.Todos.Where(t => markers.Contains(t.Text)).ToList();
        if (left.Count > 0) return Open($"{left.Count} of the marker(s) are still there: {left[0].File}:{left[0].Line} {left[0].Text}");
        if (!TryDelta(before, after, MetricCatalog.TodoCount, out var b, out var a)) return Open("the TODO count could not be measured after the change");
        return a < b ? Closed($"the markers in {file} are gone (TODO/FIXME {b:0} → {a:0})") : Open($"the TODO/FIXME count did not fall ({b:0} → {a:0})");
    }

    private static GapClosureResult Dependencies(Measurement before, Measurement after)
    {
        if (after.BuildFailed) return Open("the build fails after the update");
        var outdated = TryDelta(before, after, MetricCatalog.DepsOutdated, out var ob, out var oa);
        var vulnerable = TryDelta(before, after, MetricCatalog.DepsVulnerable, out var vb, out var va);
        if (!outdated && !vulnerable) return Open("the packages could not be checked after the change");
        var updated = before.OutdatedPackages.Except(after.OutdatedPackages, StringComparer.Ordinal).ToList();
        if ((outdated && oa < ob || vulnerable && va < vb) && updated.Count > 0)
            return Closed($"updated {string.Join(", ", updated.Take(3))} (outdated {ob:0} → {oa:0}, vulnerable {vb:0} → {va:0})");
        return Open($"no package version changed (outdated {ob:0} → {oa:0}, vulnerable {vb:0} → {va:0})");
    }

    private static bool TryDelta(Measurement before, Measurement after, string metric, out double b, out double a)
    {
        a = 0;
        return before.Metrics.TryGetValue(metric, out b) && after.Metrics.TryGetValue(metric, out a);
    }

    private static string? FirstError(Measurement m) =>
        m.Diagnostics.FirstOrDefault(d => d.Severity == "error") is { } e ? $"{e.Code} {e.Message}" : null;

    private static GapClosureResult Closed(string evidence) => new(true, evidence);

    private static GapClosureResult Open(string evidence) => new(false, evidence);
}
