using System.Globalization;
using Agent.Activities.Assessment;
using Agent.Activities.Goals;

namespace Agent.Server.Cli.Rendering;

/// <summary>What <c>agent assess</c> prints: one section per thing measured, then every unknown metric with its reason.</summary>
public sealed class AssessRenderer(CliConsole console)
{
    private const int ListedTests = 20;

    /// <summary>Writes the measurement.</summary>
    public void Write(MeasurementSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        // Plain lines, not markup: paths and messages are long and would be wrapped at the console width.
        var m = snapshot.Metrics;
        console.WriteLine($"Target:       {snapshot.TargetPath} (commit {Short(snapshot.CommitId)})");
        console.WriteLine(snapshot.DependencyInstalls.Count == 0 ? "Dependencies: nothing installed (none declared, or Assessment:InstallDependencies is off)" : "Dependencies:");
        foreach (var install in snapshot.DependencyInstalls) console.WriteLine($"  {install}");
        console.WriteLine($"Build:        {(m.TryGetValue(MetricCatalog.BuildSucceeded, out var built) ? (built == 1 ? "succeeded" : "FAILED") + $", {Value(snapshot, MetricCatalog.BuildWarnings)} warning(s)" : "unknown")}");
        foreach (var d in snapshot.Diagnostics.Take(ListedTests)) console.WriteLine($"  {d.Severity} {d.Code} {d.File}{(d.Line is { } l ? $":{l}" : "")}: {d.Message}");
        console.WriteLine($"Test runners: {(snapshot.TestRunners.Count == 0 ? "none ran" : string.Join(", ", snapshot.TestRunners))}");
        foreach (var command in snapshot.TestCommands) console.WriteLine($"  {command}");
        console.WriteLine(m.ContainsKey(MetricCatalog.TestsTotal)
            ? $"Tests:        {Value(snapshot, MetricCatalog.TestsTotal)} run, {Value(snapshot, MetricCatalog.TestsPassed)} passed, {Value(snapshot, MetricCatalog.TestsFailed)} failed"
            : "Tests:        counts unknown");
        console.WriteLine($"Suite passed: {(m.TryGetValue(MetricCatalog.TestsSuitePassed, out var suite) ? (suite == 1 ? "yes" : "no") : "unknown")} (the test commands' exit codes)");
        foreach (var test in snapshot.FailingTests.Take(ListedTests)) console.WriteLine($"  failing: {TestNames.Of(test)}: {FirstLine(test.Message)}");
        if (snapshot.FailingTests.Count > ListedTests) console.WriteLine($"  … and {snapshot.FailingTests.Count - ListedTests} more failing");
        console.WriteLine($"Coverage:     {Value(snapshot, MetricCatalog.CoverageLinePercent, "%")}");
        console.WriteLine($"Docs:         {Value(snapshot, MetricCatalog.DocsPublicApiPercent, "% of the public C# API")}");
        console.WriteLine($"TODO/FIXME:   {Value(snapshot, MetricCatalog.TodoCount)}");
        console.WriteLine($"Packages:     {Value(snapshot, MetricCatalog.DepsOutdated)} outdated, {Value(snapshot, MetricCatalog.DepsVulnerable)} vulnerable");
        foreach (var package in snapshot.OutdatedPackages.Take(ListedTests)) console.WriteLine($"  {package}");
        if (snapshot.Unknown.Count == 0) return;
        console.WriteLine("Unknown:");
        foreach (var metric in MetricCatalog.All.Where(d => snapshot.Unknown.ContainsKey(d.Name)))
            console.WriteLine($"  {metric.Name}: {snapshot.Unknown[metric.Name]}");
    }

    private static string Value(MeasurementSnapshot snapshot, string metric, string unit = "") =>
        snapshot.Metrics.TryGetValue(metric, out var value) ? value.ToString("0.##", CultureInfo.InvariantCulture) + unit : "unknown";

    private static string FirstLine(string? text) =>
        text?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "(no message)";

    private static string Short(string? commit) => commit is { Length: > 7 } ? commit[..7] : commit ?? "none";
}

/// <summary>The JSON shape of <c>agent assess --json</c>.</summary>
public static class AssessJson
{
    /// <summary>
    /// The document: target, commitId, takenAt, metrics (measured values by name), unknown (metric → reason),
    /// dependencyInstalls, testRunners, testCommands, failingTests (name, className, qualifiedName, message), passingTests,
    /// diagnostics, undocumentedMembers, todos, outdatedPackages.
    /// </summary>
    public static object From(MeasurementSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return new
        {
            target = snapshot.TargetPath,
            commitId = snapshot.CommitId,
            takenAt = snapshot.TakenAt,
            metrics = snapshot.Metrics,
            unknown = snapshot.Unknown,
            dependencyInstalls = snapshot.DependencyInstalls,
            testRunners = snapshot.TestRunners,
            testCommands = snapshot.TestCommands,
            failingTests = snapshot.FailingTests.Select(t => new { name = t.Name, className = t.ClassName, qualifiedName = TestNames.Of(t), message = t.Message }).ToList(),
            passingTests = snapshot.PassingTests,
            diagnostics = snapshot.Diagnostics,
            undocumentedMembers = snapshot.UndocumentedMembers,
            todos = snapshot.Todos,
            outdatedPackages = snapshot.OutdatedPackages,
        };
    }
}
