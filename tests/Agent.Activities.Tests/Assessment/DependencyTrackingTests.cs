using Agent.Activities.Assessment;
using Agent.Activities.Gaps;
using Agent.Activities.Goals;
using Agent.Activities.Tests.Cycle;

namespace Agent.Activities.Tests.Assessment;

/// <summary>
/// The technology tracker for real: the package managers (<c>dotnet list package</c>, <c>npm outdated</c>) against the
/// registries configured on this machine, on copies of the samples with one dependency held back, and the gaps they make.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class DependencyTrackingTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task An_old_nuget_package_in_the_dotnet_sample_is_reported_with_its_versions_and_becomes_its_own_gap()
    {
        using var sample = SampleRepository.Create("dotnet-calculator");
        var project = Path.Combine(sample.Path, "tests", "Calculator.Tests", "Calculator.Tests.csproj");
        await File.WriteAllTextAsync(project, (await File.ReadAllTextAsync(project, TestContext.CancellationToken))
            .Replace("Include=\"Microsoft.NET.Test.Sdk\" Version=\"18.10.1\"", "Include=\"Microsoft.NET.Test.Sdk\" Version=\"18.0.1\"", StringComparison.Ordinal), TestContext.CancellationToken);
        var runner = new CommandRunner();
        var restore = await runner.RunAsync(new CommandSpec("dotnet", ["restore", "Calculator.slnx"], sample.Path, TimeSpan.FromMinutes(5)) { Environment = DotnetEnvironment.Variables }, TestContext.CancellationToken);
        Assert.IsTrue(restore.Succeeded, restore.Tail(2000));

        var report = await new DependencyFreshnessProbe(runner).CheckDotnetAsync(sample.Path, "Calculator.slnx", TimeSpan.FromMinutes(5), TestContext.CancellationToken);

        Assert.IsNull(report.UnknownReason, report.UnknownReason);
        var sdk = report.Dependencies!.Single(d => d.Package == "Microsoft.NET.Test.Sdk");
        Assert.AreEqual("nuget", sdk.Ecosystem);
        Assert.AreEqual("18.0.1", sdk.Current);
        Assert.IsTrue(Agent.Activities.Validation.DependencyClosure.AtLeast(sdk.Latest, "18.10.1"), sdk.ToString());
        Assert.IsTrue(report.Outdated >= 1);
        Assert.IsNotNull(report.Vulnerable, "the vulnerability check ran");

        var snapshot = new MeasurementSnapshot { TargetPath = sample.Path };
        snapshot.Metrics[MetricCatalog.DepsOutdated] = report.Outdated!.Value;
        snapshot.Metrics[MetricCatalog.DepsVulnerable] = report.Vulnerable!.Value;
        snapshot.Dependencies.AddRange(report.Dependencies!);
        await using var services = CycleServices.Create();
        var queue = await services.Get<GapFinder>().FindAsync(DefaultGoals.Create(), snapshot, TestContext.CancellationToken);
        var gap = queue.Ranked.Single(g => g.Key == "update-dependency:Microsoft.NET.Test.Sdk");
        Assert.AreEqual(TaskTypes.UpdateDependency, gap.TaskType);
        Assert.StartsWith($"Update the nuget package Microsoft.NET.Test.Sdk 18.0.1 → {sdk.Latest}", gap.Summary);
    }

    [TestMethod]
    public async Task An_old_npm_package_in_the_node_sample_is_reported_with_its_installed_and_latest_versions()
    {
        using var sample = SampleRepository.Create("node-strings");
        var manifest = Path.Combine(sample.Path, "package.json");
        await File.WriteAllTextAsync(manifest, (await File.ReadAllTextAsync(manifest, TestContext.CancellationToken))
            .Replace("\"type\": \"commonjs\",", "\"type\": \"commonjs\",\n  \"dependencies\": { \"is-number\": \"6.0.0\" },", StringComparison.Ordinal), TestContext.CancellationToken);
        var runner = new CommandRunner();
        var install = await runner.RunAsync(new CommandSpec("npm", ["install", "--no-audit", "--no-fund"], sample.Path, TimeSpan.FromMinutes(5)), TestContext.CancellationToken);
        Assert.IsTrue(install.Succeeded, install.Tail(2000));

        var report = await new DependencyFreshnessProbe(runner).CheckNpmAsync(sample.Path, TimeSpan.FromMinutes(2), TestContext.CancellationToken);

        var isNumber = report.Dependencies!.Single();
        Assert.AreEqual(new DependencyStatus("npm", "is-number", "6.0.0", isNumber.Latest, null), isNumber);
        Assert.IsTrue(Agent.Activities.Validation.DependencyClosure.AtLeast(isNumber.Latest, "7.0.0"), isNumber.ToString());
        Assert.AreEqual(1, report.Outdated);
        Assert.IsNull(report.Vulnerable);
        Assert.Contains("npm audit is not run", report.UnknownReason!);
        Assert.AreEqual("jonschlinkert/is-number", Agent.Activities.Research.GitHub.PackageRepositoryLocator.Find(isNumber, sample.Path), "read from node_modules/is-number/package.json");
    }

    [TestMethod]
    public async Task The_node_sample_without_dependencies_has_none_outdated()
    {
        using var sample = SampleRepository.Create("node-strings");

        var report = await new DependencyFreshnessProbe(new CommandRunner()).CheckNpmAsync(sample.Path, TimeSpan.FromMinutes(2), TestContext.CancellationToken);

        Assert.AreEqual(0, report.Outdated);
        Assert.IsEmpty(report.Dependencies!);
    }
}
