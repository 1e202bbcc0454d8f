using Agent.Activities.Assessment;
using Agent.Activities.Goals;

namespace Agent.Activities.Gaps;

/// <summary>Turns one missed target into concrete gaps: one per failing test, warning, file to document or file with TODOs.</summary>
internal static class GapCandidates
{
    public static IEnumerable<Gap> For(Goal goal, TargetProgress target, MeasurementSnapshot snapshot)
    {
        var value = target.Value!.Value;
        Gap Make(string taskType, string subject, IReadOnlyList<string> files, string summary) => new()
        {
            Key = subject.Length == 0 ? taskType : $"{taskType}:{subject}",
            TaskType = taskType,
            GoalId = goal.Id,
            GoalTitle = goal.Title,
            Metric = target.Target.Metric,
            Target = target.Target.ToString(),
            Current = value,
            Subject = subject,
            Files = files,
            Summary = summary,
        };

        switch (target.Target.Metric)
        {
            case MetricCatalog.TestsFailed or MetricCatalog.TestsPassed or MetricCatalog.TestsPassPercent or MetricCatalog.TestsSuitePassed when snapshot.FailingTests.Count > 0:
                foreach (var test in snapshot.FailingTests)
                {
                    var name = TestNames.Of(test);
                    yield return Make(TaskTypes.FixFailingTest, name, [], $"The test '{name}' fails: {FirstLine(test.Message)}");
                }
                break;
            case MetricCatalog.TestsSuitePassed:
                // The test command failed and no runner named a failing test (read by exit code only, or a failure outside any test).
                var why = snapshot.Unknown.GetValueOrDefault(MetricCatalog.TestsFailed);
                yield return Make(TaskTypes.FixFailingTest, Gap.WholeTestSuite, [],
                    why is null
                        ? "The test suite fails: the test command exited non-zero, though no test was reported failing (see the test output)."
                        : $"The test suite fails: the test command exited non-zero, and the failing tests are not known ({why}).");
                break;
            case MetricCatalog.BuildSucceeded:
                var error = snapshot.Diagnostics.FirstOrDefault(d => d.Severity == "error");
                yield return Make(TaskTypes.FixBuild, "", error?.File is { } f ? [f] : [],
                    error is null ? "The build fails." : $"The build fails: {error.Code} {error.Message}");
                break;
            case MetricCatalog.BuildWarnings:
                foreach (var w in snapshot.Diagnostics.Where(d => d.Severity == "warning"))
                    yield return Make(TaskTypes.RemoveWarning, $"{w.Code}@{w.File}:{w.Message}", w.File is null ? [] : [w.File],
                        $"Warning {w.Code} in {w.File}{(w.Line is { } l ? $" line {l}" : "")}: {w.Message}") with { Diagnostic = w };
                break;
            case MetricCatalog.DocsPublicApiPercent:
                foreach (var group in snapshot.UndocumentedMembers.GroupBy(m => m.File, StringComparer.Ordinal))
                    yield return Make(TaskTypes.DocumentApi, group.Key, [group.Key],
                        $"{group.Count()} public member(s) in {group.Key} have no XML docs: {string.Join(", ", group.Select(m => m.Member))}");
                break;
            case MetricCatalog.TodoCount:
                foreach (var group in snapshot.Todos.GroupBy(t => t.File, StringComparer.Ordinal))
                    yield return Make(TaskTypes.RemoveTodo, group.Key, [group.Key], $"{group.Count()} TODO/FIXME marker(s) in {group.Key}");
                break;
            case MetricCatalog.CoverageLinePercent or MetricCatalog.TestsTotal:
                yield return Make(TaskTypes.AddTests, target.Target.Metric, [], $"{target.Target.Metric} is {value:0.##}; the goal '{goal.Title}' wants {target.Target}.");
                break;
            case MetricCatalog.DepsOutdated or MetricCatalog.DepsVulnerable when snapshot.Dependencies.Count > 0:
                // One gap per package, with its evidence: the cycle ranks them and proves each closed by that package.
                var vulnerableOnly = target.Target.Metric == MetricCatalog.DepsVulnerable;
                foreach (var package in snapshot.Dependencies.Where(d => vulnerableOnly ? d.Advisory is not null : d.Outdated))
                    yield return Make(TaskTypes.UpdateDependency, package.Package, [],
                        $"Update the {package.Ecosystem} package {package}{(package.Latest is { } latest ? $" to {latest}" : " to a version without the advisory")}.");
                break;
            case MetricCatalog.DepsOutdated or MetricCatalog.DepsVulnerable:
                yield return Make(TaskTypes.UpdateDependency, target.Target.Metric, [],
                    $"{value:0} package(s) to update ({target.Target.Metric}): {string.Join(", ", snapshot.OutdatedPackages.Take(10))}");
                break;
            default:
                // tests.* without the failing tests' names (a runner that reported counts only).
                yield return Make(TaskTypes.FixFailingTest, target.Target.Metric, [], $"{target.Target.Metric} is {value:0.##}; the goal '{goal.Title}' wants {target.Target}.");
                break;
        }
    }

    private static string FirstLine(string? text) =>
        text?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "(no message)";
}
