using Agent.Activities.Assessment.Dependencies;
using Agent.Activities.CycleStore;
using Agent.Activities.Goals;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Assessment;

/// <summary>
/// Measures a target repository (build, tests, coverage, TODOs, docs, dependencies) and stores the snapshot.
/// What cannot be measured is recorded as unknown with the reason. Before building and testing, the dependencies the
/// target declares are installed (<see cref="IDependencyInstaller"/>, one per ecosystem, when registered and
/// <see cref="AssessmentOptions.InstallDependencies"/> is on); a failed installation makes that ecosystem's test
/// metrics unknown with the tool's message, never test failures.
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
    TimeProvider clock,
    IEnumerable<IDependencyInstaller> installers,
    IEnumerable<IDependencyHistory> dependencyHistory)
{
    /// <summary>Why the build metrics are unknown when the repository has nothing to build (no build at all, not a problem).</summary>
    public const string NoBuildReason = "the repository has no .NET solution or project to build";

    /// <summary>Why the test metrics are unknown when the repository has no tests the agent could find (no tests at all, not a problem).</summary>
    public const string NoTestRunnerReason = "no test runner detected (dotnet test; npm test with jest, vitest, mocha, ava or node --test; pytest; unittest)";

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

        var installed = await InstallDependenciesAsync(root, layout, snapshot, progress, cancellationToken).ConfigureAwait(false);

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

        await MeasureTestsAsync(root, layout, buildFailed, installed, snapshot, progress, cancellationToken).ConfigureAwait(false);

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

    private async Task<IReadOnlyList<DependencyInstallResult>> InstallDependenciesAsync(string root, ProjectLayout layout, MeasurementSnapshot snapshot, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        if (!options.Value.InstallDependencies) return [];
        var results = new List<DependencyInstallResult>();
        foreach (var installer in installers.Where(i => i.AppliesTo(layout)))
        {
            progress?.Report($"installing {installer.Ecosystem} dependencies");
            DependencyInstallResult result;
            try
            {
                result = await installer.InstallAsync(root, layout, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or TimeoutException)
            {
                // The cache folder could not be written or locked: a measurement problem like any failed installation.
                result = new DependencyInstallResult(installer.Ecosystem, DependencyInstallStatus.Failed, "the dependency cache") { Problem = e.Message };
            }
            results.Add(result);
            snapshot.DependencyInstalls.Add(result.ToString());
        }
        return results;
    }

    private async Task MeasureTestsAsync(string root, ProjectLayout layout, bool buildFailed, IReadOnlyList<DependencyInstallResult> installed, MeasurementSnapshot snapshot, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var adapters = testAdapters.Where(a => a.AppliesTo(layout)).ToList();
        string[] testMetrics = [MetricCatalog.TestsTotal, MetricCatalog.TestsPassed, MetricCatalog.TestsFailed, MetricCatalog.TestsPassPercent];
        if (adapters.Count == 0)
        {
            foreach (var m in testMetrics.Append(MetricCatalog.TestsSuitePassed)) snapshot.Unknown[m] = NoTestRunnerReason;
            snapshot.Unknown[MetricCatalog.CoverageLinePercent] = "no test runner detected";
            return;
        }
        int passed = 0, failed = 0;
        double? coverage = null;
        var reasons = new List<string>();
        var tails = new List<string>();
        var commandOutcomes = new List<bool?>();
        foreach (var adapter in adapters)
        {
            if (adapter.Name == "dotnet" && buildFailed)
            {
                reasons.Add("dotnet: the build failed, so the tests could not run");
                commandOutcomes.Add(null);
                continue;
            }
            var ecosystem = installed.Where(i => i.Ecosystem == adapter.Ecosystem).ToList();
            if (ecosystem.FirstOrDefault(i => i.Status == DependencyInstallStatus.Failed) is { } failedInstall)
            {
                reasons.Add($"{adapter.Name}: the dependencies could not be installed, so the tests did not run ({failedInstall.Summary}: {failedInstall.Problem})");
                commandOutcomes.Add(null);
                continue;
            }
            progress?.Report($"running tests ({adapter.Name})");
            var context = new TestRunContext(root, layout, options.Value.TestTimeout,
                ecosystem.SelectMany(i => i.Environment).GroupBy(e => e.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal),
                ecosystem.Select(i => i.PythonExecutable).LastOrDefault(p => p is not null) ?? "python3");
            var result = await adapter.RunAsync(context, cancellationToken).ConfigureAwait(false);
            snapshot.TestRunners.Add(adapter.Name);
            snapshot.TestCommands.Add(result.Command ?? adapter.Name);
            commandOutcomes.Add(result.CommandSucceeded);
            if (result.OutputTail is not null) tails.Add(result.OutputTail);
            if (result.UnknownReason is not null)
            {
                reasons.Add(result.UnknownReason.StartsWith(adapter.Name, StringComparison.Ordinal) || result.ExitCodeOnly ? result.UnknownReason : $"{adapter.Name}: {result.UnknownReason}");
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
        // One failed command is enough to know the suite fails; that it passes needs every command to have run.
        if (commandOutcomes.Any(o => o == false)) snapshot.Metrics[MetricCatalog.TestsSuitePassed] = 0;
        else if (commandOutcomes.All(o => o == true)) snapshot.Metrics[MetricCatalog.TestsSuitePassed] = 1;
        else snapshot.Unknown[MetricCatalog.TestsSuitePassed] = string.Join("; ", reasons);
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
        if (layout.DotnetEntry is null && layout.NodePackage is null)
        {
            snapshot.Unknown[MetricCatalog.DepsOutdated] = snapshot.Unknown[MetricCatalog.DepsVulnerable] = "dependency checks exist for .NET and Node projects only";
            return;
        }
        progress?.Report("checking packages");
        var report = layout.DotnetEntry is { } entry
            ? await dependencies.CheckDotnetAsync(root, entry, options.Value.DependencyCheckTimeout, cancellationToken).ConfigureAwait(false)
            : await dependencies.CheckNpmAsync(root, options.Value.DependencyCheckTimeout, cancellationToken).ConfigureAwait(false);
        if (report.Outdated is { } outdated) snapshot.Metrics[MetricCatalog.DepsOutdated] = outdated;
        else snapshot.Unknown[MetricCatalog.DepsOutdated] = report.UnknownReason ?? "unknown";
        if (report.Vulnerable is { } vulnerable) snapshot.Metrics[MetricCatalog.DepsVulnerable] = vulnerable;
        else snapshot.Unknown[MetricCatalog.DepsVulnerable] = report.UnknownReason ?? "unknown";
        snapshot.OutdatedPackages.AddRange(report.Packages);
        snapshot.Dependencies.AddRange(report.Dependencies ?? []);
        if (report.Outdated is null) return;
        foreach (var history in dependencyHistory)
            await history.RecordAsync(snapshot.TargetPath, snapshot.Dependencies, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }
}
