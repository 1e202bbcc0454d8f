using Agent.Activities.Assessment;
using Agent.Activities.CycleStore;
using Agent.Activities.Goals;
using Agent.Activities.Tests.Cycle;

namespace Agent.Activities.Tests.Assessment;

/// <summary>The assessment of the real samples with the real dotnet, npm/node and git.</summary>
[TestClass]
[TestCategory("Slow")]
public sealed class SampleAssessmentTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task The_dotnet_sample_shows_its_failing_test_its_warning_and_its_undocumented_member()
    {
        using var sample = SampleRepository.Create("dotnet-calculator");
        await using var services = CycleServices.Create();

        var snapshot = await services.Get<AssessmentService>().AssessAsync(sample.Path, null, TestContext.CancellationToken);

        Assert.AreEqual(sample.HeadCommit(), snapshot.CommitId);
        Assert.AreEqual(1, snapshot.Metrics[MetricCatalog.BuildSucceeded]);
        Assert.AreEqual(1, snapshot.Metrics[MetricCatalog.BuildWarnings]);
        var warning = snapshot.Diagnostics.Single();
        Assert.AreEqual(("warning", "CS0219", "src/Calculator/Arithmetic.cs", 15), (warning.Severity, warning.Code, warning.File, warning.Line));
        Assert.AreEqual(5, snapshot.Metrics[MetricCatalog.TestsTotal]);
        Assert.AreEqual(4, snapshot.Metrics[MetricCatalog.TestsPassed]);
        Assert.AreEqual(1, snapshot.Metrics[MetricCatalog.TestsFailed]);
        Assert.AreEqual(80, snapshot.Metrics[MetricCatalog.TestsPassPercent], 1e-9);
        var failing = snapshot.FailingTests.Single();
        Assert.AreEqual("Max_returns_the_larger_value", failing.Name);
        Assert.AreEqual("Calculator.Tests.ArithmeticTests", failing.ClassName);
        Assert.Contains("ArithmeticTests.cs", failing.StackTrace!);
        // Arithmetic and five methods are public; Negate alone has no XML docs.
        Assert.AreEqual(100.0 * 5 / 6, snapshot.Metrics[MetricCatalog.DocsPublicApiPercent], 1e-9);
        Assert.AreEqual("Arithmetic.Negate(int)", snapshot.UndocumentedMembers.Single().Member);
        Assert.AreEqual(0, snapshot.Metrics[MetricCatalog.TodoCount]);
        Assert.IsTrue(snapshot.Unknown.ContainsKey(MetricCatalog.CoverageLinePercent));
        Assert.IsTrue(snapshot.Unknown.ContainsKey(MetricCatalog.DepsOutdated), "dependency checks are off in these tests");

        var stored = await services.Get<SnapshotStore>().LatestAsync(sample.Path, TestContext.CancellationToken);
        Assert.IsNotNull(stored);
        Assert.AreEqual(snapshot.Id, stored.Id);
        Assert.AreEqual(snapshot.CommitId, stored.CommitId);
        Assert.AreEqual("Max_returns_the_larger_value", stored.FailingTests.Single().Name);
        CollectionAssert.AreEquivalent(snapshot.Metrics.ToList(), stored.Metrics.ToList());
    }

    [TestMethod]
    public async Task Line_coverage_is_read_from_coverlet_when_the_test_project_references_it()
    {
        using var sample = SampleRepository.Create("dotnet-calculator");
        var project = Path.Combine(sample.Path, "tests", "Calculator.Tests", "Calculator.Tests.csproj");
        var text = await File.ReadAllTextAsync(project, TestContext.CancellationToken);
        await File.WriteAllTextAsync(project, text.Replace("<PackageReference Include=\"MSTest.TestFramework\" Version=\"4.5.2\" />", "<PackageReference Include=\"MSTest.TestFramework\" Version=\"4.5.2\" /><PackageReference Include=\"coverlet.collector\" Version=\"10.0.1\" />", StringComparison.Ordinal), TestContext.CancellationToken);
        await using var services = CycleServices.Create();

        var snapshot = await services.Get<AssessmentService>().MeasureAsync(sample.Path, null, TestContext.CancellationToken);

        // The tests call every method of Arithmetic (Max with the wrong result, but its line runs): all 8 lines covered.
        Assert.AreEqual(100, snapshot.Metrics[MetricCatalog.CoverageLinePercent], 1e-9);
        Assert.IsFalse(snapshot.Unknown.ContainsKey(MetricCatalog.CoverageLinePercent));
    }

    [TestMethod]
    public async Task The_node_sample_is_measured_through_node_s_test_runner()
    {
        using var sample = SampleRepository.Create("node-strings");
        await using var services = CycleServices.Create();

        var snapshot = await services.Get<AssessmentService>().AssessAsync(sample.Path, null, TestContext.CancellationToken);

        CollectionAssert.AreEqual(new[] { "node" }, snapshot.TestRunners);
        Assert.AreEqual(3, snapshot.Metrics[MetricCatalog.TestsTotal]);
        Assert.AreEqual(1, snapshot.Metrics[MetricCatalog.TestsFailed]);
        var failing = snapshot.FailingTests.Single();
        Assert.AreEqual("wordCount ignores repeated spaces", failing.Name);
        Assert.Contains("6 !== 3", failing.Message!);
        Assert.Contains("test/strings.test.js:16", failing.StackTrace!);
        Assert.AreEqual(0, snapshot.Metrics[MetricCatalog.TodoCount]);
        // Nothing to build and no C#: unknown with a reason, never a made-up value.
        Assert.IsFalse(snapshot.Metrics.ContainsKey(MetricCatalog.BuildSucceeded));
        Assert.Contains("no .NET solution", snapshot.Unknown[MetricCatalog.BuildSucceeded]);
        Assert.Contains("no C# source", snapshot.Unknown[MetricCatalog.DocsPublicApiPercent]);
    }

    [TestMethod]
    public async Task TODO_and_FIXME_markers_are_counted_in_the_repository_s_files_but_not_in_ignored_or_excluded_ones()
    {
        using var sample = SampleRepository.Create("node-strings");
        await File.AppendAllTextAsync(Path.Combine(sample.Path, "src", "strings.js"), "// TODO: trim input\n// FIXME handle null\n", TestContext.CancellationToken);
        Directory.CreateDirectory(Path.Combine(sample.Path, "node_modules"));
        await File.WriteAllTextAsync(Path.Combine(sample.Path, "node_modules", "dep.js"), "// TODO ignored\n", TestContext.CancellationToken);
        // samples/ is left out by default (Assessment:ExcludedPathPrefixes): the agent's samples are imperfect on purpose.
        Directory.CreateDirectory(Path.Combine(sample.Path, "samples"));
        await File.WriteAllTextAsync(Path.Combine(sample.Path, "samples", "demo.js"), "// TODO left on purpose\n", TestContext.CancellationToken);
        await using var services = CycleServices.Create();

        var snapshot = await services.Get<AssessmentService>().MeasureAsync(sample.Path, null, TestContext.CancellationToken);

        Assert.AreEqual(2, snapshot.Metrics[MetricCatalog.TodoCount]);
        CollectionAssert.AreEqual(new[] { "src/strings.js", "src/strings.js" }, snapshot.Todos.Select(t => t.File).ToList());
    }

    [TestMethod]
    public async Task A_folder_that_is_not_a_git_repository_is_refused_and_nothing_is_stored()
    {
        var folder = SampleRepository.CreatePlainFolder();
        await using var services = CycleServices.Create();

        var error = await Assert.ThrowsExactlyAsync<AssessmentException>(() =>
            services.Get<AssessmentService>().AssessAsync(folder, null, TestContext.CancellationToken));

        Assert.Contains($"'{folder}' is not a git repository", error.Message);
        Assert.Contains("git init", error.Message);
        Assert.IsNull(await services.Get<SnapshotStore>().LatestAsync(folder, TestContext.CancellationToken));
    }

    [TestMethod]
    public async Task A_missing_target_is_refused()
    {
        var missing = Path.Combine(SampleRepository.CreatePlainFolder(), "nope");
        await using var services = CycleServices.Create();

        var error = await Assert.ThrowsExactlyAsync<AssessmentException>(() =>
            services.Get<AssessmentService>().AssessAsync(missing, null, TestContext.CancellationToken));

        Assert.Contains("does not exist", error.Message);
    }

    [TestMethod]
    public async Task Without_the_package_registry_the_dependency_check_says_unknown_and_why()
    {
        using var sample = SampleRepository.Create("dotnet-calculator");
        // A package source that cannot be reached stands for an offline machine.
        await File.WriteAllTextAsync(Path.Combine(sample.Path, "nuget.config"), """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="offline" value="http://127.0.0.1:9/v3/index.json" />
              </packageSources>
            </configuration>
            """, TestContext.CancellationToken);
        await using var services = CycleServices.Create();

        var report = await services.Get<DependencyFreshnessProbe>().CheckDotnetAsync(sample.Path, "Calculator.slnx", TimeSpan.FromMinutes(2), TestContext.CancellationToken);

        Assert.IsNull(report.Outdated);
        Assert.IsNull(report.Vulnerable);
        Assert.IsFalse(string.IsNullOrWhiteSpace(report.UnknownReason));
    }
}
