using Agent.Activities.CycleStore;
using Agent.Activities.Goals;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Assessment;

/// <summary>
/// Measures a target repository (build, tests, coverage, TODOs, docs, dependencies) and stores the snapshot.
/// What cannot be measured is recorded as unknown with the reason.
/// </summary>
public sealed class AssessmentService(
    GitRepositoryProbe git,
    DotnetBuildMeasurer build,
    IEnumerable<ITestAdapter> testAdapters,
    TodoCounter todos,
    DocsCoverageMeasurer docs,
    DependencyFreshnessProbe dependencies,
    SnapshotStore store,
    IOptions<AssessmentOptions> options,
    TimeProvider clock)
{
    /// <summary>Why the build metrics are unknown when the repository has nothing to build (no build at all, not a problem).</summary>
    public const string NoBuildReason = "the repository has no .NET solution or project to build";

    /// <summary>Why the test metrics are unknown when the repository has no tests the agent could find (no tests at all, not a problem).</summary>
    public const string NoTestRunnerReason = "no test runner detected (dotnet test, npm test with node --test, pytest)";

    /// <summary>Measures <paramref name="targetPath"/> in place and stores the snapshot.</summary>
    /// <exception cref="AssessmentException">The target is missing or not a git repository.</exception>
    public Task<MeasurementSnapshot> AssessAsync(string targetPath, IProgress<string>? progress, CancellationToken cancellationToken) =>
        AssessAsync(targetPath, null, progress, cancellationToken);

    /// <summary>
    /// Measures the target at <paramref name="targetPath"/> in <paramref name="checkout"/> — a checkout of its HEAD made
    /// where its changes will be measured — and stores the snapshot under the target's path. Null measures in place.
    /// </summary>
    /// <exception cref="AssessmentException">The target or the checkout is missing or not a git repository.</exception>
    public async Task<MeasurementSnapshot> AssessAsync(string targetPath, string? checkout, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var root = await git.RequireRootAsync(targetPath, cancellationToken).ConfigureAwait(false);
        var snapshot = await MeasureAsync(checkout ?? root, progress, cancellationToken).ConfigureAwait(false);
        return await store.SaveAsync(snapshot with { TargetPath = root }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Measures without storing.</summary>
    /// <exception cref="AssessmentException">The target is missing or not a git repository.</exception>
    public async Task<MeasurementSnapshot> MeasureAsync(string targetPath, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var root = await git.RequireRootAsync(targetPath, cancellationToken).ConfigureAwait(false);
        var commit = await git.HeadCommitAsync(root, cancellationToken).ConfigureAwait(false);
        var allFiles = await git.ListFilesAsync(root, cancellationToken).ConfigureAwait(false);
        var layout = ProjectLayout.Detect(root, allFiles);
        // Build output and installed packages are not the project's text, even where no .gitignore says so.
        var files = allFiles
            .Where(f => !settings.ExcludedPathPrefixes.Any(p => f.StartsWith(p, StringComparison.Ordinal)))
            .Where(f => !f.Split('/').SkipLast(1).Any(segment => segment is "bin" or "obj" or "node_modules"))
            .ToList();
        var snapshot = new MeasurementSnapshot { TargetPath = root, CommitId = commit };
        var metrics = snapshot.Metrics;
        var unknown = snapshot.Unknown;

        var buildFailed = false;
        if (layout.DotnetEntry is { } entry)
        {
            progress?.Report($"building {entry}");
            var result = await build.BuildAsync(root, entry, settings.BuildTimeout, cancellationToken).ConfigureAwait(false);
            if (result.Problem is not null)
            {
                unknown[MetricCatalog.BuildSucceeded] = result.Problem;
                unknown[MetricCatalog.BuildWarnings] = result.Problem;
                buildFailed = true;
            }
            else
            {
                metrics[MetricCatalog.BuildSucceeded] = result.Succeeded ? 1 : 0;
                metrics[MetricCatalog.BuildWarnings] = result.Diagnostics.Count(d => d.Severity == "warning");
                buildFailed = !result.Succeeded;
            }
            snapshot.Diagnostics.AddRange(result.Diagnostics.Take(settings.MaxListedItems));
        }
        else
        {
            unknown[MetricCatalog.BuildSucceeded] = NoBuildReason;
            unknown[MetricCatalog.BuildWarnings] = NoBuildReason;
        }

        await MeasureTestsAsync(root, layout, buildFailed, snapshot, progress, cancellationToken).ConfigureAwait(false);

        progress?.Report("counting TODO/FIXME");
        var markers = await todos.FindAsync(root, files, cancellationToken).ConfigureAwait(false);
        metrics[MetricCatalog.TodoCount] = markers.Count;
        snapshot.Todos.AddRange(markers.Take(settings.MaxListedItems));

        progress?.Report("measuring API docs");
        if (await docs.MeasureAsync(root, files, cancellationToken).ConfigureAwait(false) is { } coverage)
        {
            metrics[MetricCatalog.DocsPublicApiPercent] = coverage.Percent;
            snapshot.UndocumentedMembers.AddRange(coverage.Undocumented.Take(settings.MaxListedItems));
        }
        else unknown[MetricCatalog.DocsPublicApiPercent] = "no C# source outside test folders";

        await MeasureDependenciesAsync(root, layout, snapshot, progress, cancellationToken).ConfigureAwait(false);
        return snapshot with { TakenAt = clock.GetUtcNow() };
    }

    private async Task MeasureTestsAsync(string root, ProjectLayout layout, bool buildFailed, MeasurementSnapshot snapshot, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var adapters = testAdapters.Where(a => a.AppliesTo(layout)).ToList();
        string[] testMetrics = [MetricCatalog.TestsTotal, MetricCatalog.TestsPassed, MetricCatalog.TestsFailed, MetricCatalog.TestsPassPercent];
        if (adapters.Count == 0)
        {
            foreach (var m in testMetrics) snapshot.Unknown[m] = NoTestRunnerReason;
            snapshot.Unknown[MetricCatalog.CoverageLinePercent] = "no test runner detected";
            return;
        }
        int passed = 0, failed = 0;
        double? coverage = null;
        var reasons = new List<string>();
        var tails = new List<string>();
        foreach (var adapter in adapters)
        {
            if (adapter.Name == "dotnet" && buildFailed)
            {
                reasons.Add("dotnet: the build failed, so the tests could not run");
                continue;
            }
            progress?.Report($"running tests ({adapter.Name})");
            var result = await adapter.RunAsync(root, layout, options.Value.TestTimeout, cancellationToken).ConfigureAwait(false);
            snapshot.TestRunners.Add(adapter.Name);
            if (result.OutputTail is not null) tails.Add(result.OutputTail);
            if (result.UnknownReason is not null)
            {
                reasons.Add($"{adapter.Name}: {result.UnknownReason}");
                continue;
            }
            passed += result.Passed ?? 0;
            failed += result.Failed ?? 0;
            snapshot.FailingTests.AddRange(result.FailingTests);
            snapshot.PassingTests.AddRange(result.PassingTests);
            coverage ??= result.CoveragePercent;
        }
        if (reasons.Count > 0)
        {
            // A partial count would look like a measurement; an unknown part makes the whole count unknown.
            foreach (var m in testMetrics) snapshot.Unknown[m] = string.Join("; ", reasons);
        }
        else
        {
            snapshot.Metrics[MetricCatalog.TestsTotal] = passed + failed;
            snapshot.Metrics[MetricCatalog.TestsPassed] = passed;
            snapshot.Metrics[MetricCatalog.TestsFailed] = failed;
            snapshot.Metrics[MetricCatalog.TestsPassPercent] = passed + failed == 0 ? 100 : 100.0 * passed / (passed + failed);
        }
        if (coverage is { } c) snapshot.Metrics[MetricCatalog.CoverageLinePercent] = c;
        else snapshot.Unknown[MetricCatalog.CoverageLinePercent] = "no coverage collector (coverlet.collector for .NET test projects)";
        if (tails.Count > 0) snapshot.TestOutputTail = string.Join("\n---\n", tails);
    }

    private async Task MeasureDependenciesAsync(string root, ProjectLayout layout, MeasurementSnapshot snapshot, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        if (!options.Value.CheckDependencies)
        {
            snapshot.Unknown[MetricCatalog.DepsOutdated] = snapshot.Unknown[MetricCatalog.DepsVulnerable] = "dependency checks are off (Assessment:CheckDependencies=false)";
            return;
        }
        if (layout.DotnetEntry is null)
        {
            snapshot.Unknown[MetricCatalog.DepsOutdated] = snapshot.Unknown[MetricCatalog.DepsVulnerable] = "dependency checks exist only for .NET projects so far";
            return;
        }
        progress?.Report("checking packages");
        var report = await dependencies.CheckDotnetAsync(root, layout.DotnetEntry, options.Value.DependencyCheckTimeout, cancellationToken).ConfigureAwait(false);
        if (report.Outdated is { } outdated) snapshot.Metrics[MetricCatalog.DepsOutdated] = outdated;
        else snapshot.Unknown[MetricCatalog.DepsOutdated] = report.UnknownReason ?? "unknown";
        if (report.Vulnerable is { } vulnerable) snapshot.Metrics[MetricCatalog.DepsVulnerable] = vulnerable;
        else snapshot.Unknown[MetricCatalog.DepsVulnerable] = report.UnknownReason ?? "unknown";
        snapshot.OutdatedPackages.AddRange(report.Packages);
    }
}
