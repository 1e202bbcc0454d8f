using Agent.Activities.Assessment;
using Agent.Activities.Gaps;
using Agent.Activities.Goals;

namespace Agent.Activities.Tests.Assessment;

/// <summary>A test command whose runner the agent cannot read is measured by its exit code only, and says so.</summary>
[TestClass]
[TestCategory("Slow")]
public sealed class ExitCodeOnlyAssessmentTests
{
    public TestContext TestContext { get; set; } = null!;

    private static TargetProject Project(string script, int exitCode) => TargetProject.Create("custom-runner", new Dictionary<string, string>
    {
        ["package.json"] = $$"""{ "name": "custom", "version": "1.0.0", "scripts": { "test": "{{script}}" } }""",
        ["tools/check.js"] = $"console.log('checked everything'); process.exit({exitCode});\n",
    });

    [TestMethod]
    public async Task A_failing_suite_of_an_unreadable_runner_is_known_to_fail_but_its_counts_are_unknown_and_it_becomes_a_test_suite_gap()
    {
        using var project = Project("node tools/check.js", 1);
        await using var services = TargetProject.Services();

        var snapshot = await services.Get<AssessmentService>().MeasureAsync(project.Path_, null, TestContext.CancellationToken);

        Assert.AreEqual(0, snapshot.Metrics[MetricCatalog.TestsSuitePassed]);
        foreach (var metric in new[] { MetricCatalog.TestsTotal, MetricCatalog.TestsPassed, MetricCatalog.TestsFailed })
        {
            Assert.IsFalse(snapshot.Metrics.ContainsKey(metric), $"{metric} must not be reported for a run that could not be read");
            Assert.AreEqual("runner node (scripts.test is 'node tools/check.js'): the agent cannot read its results (it reads jest, vitest, mocha, ava and node --test from their reports); measured by exit code only",
                snapshot.Unknown[metric]);
        }
        Assert.AreEqual("node: npm test", snapshot.TestCommands.Single());
        Assert.Contains("checked everything", snapshot.TestOutputTail!);

        var queue = await services.Get<GapFinder>().FindAsync(DefaultGoals.Create(), snapshot, TestContext.CancellationToken);
        var gap = queue.Ranked.Single(g => g.TaskType == TaskTypes.FixFailingTest);
        Assert.AreEqual("test-suite", gap.Subject);
        Assert.AreEqual(MetricCatalog.TestsSuitePassed, gap.Metric);
        Assert.StartsWith("The test suite fails: the test command exited non-zero, and the failing tests are not known (runner node", gap.Summary);
    }

    [TestMethod]
    public async Task A_passing_suite_of_an_unreadable_runner_meets_the_suite_target_and_makes_no_gap()
    {
        using var project = Project("node tools/check.js", 0);
        await using var services = TargetProject.Services();

        var snapshot = await services.Get<AssessmentService>().MeasureAsync(project.Path_, null, TestContext.CancellationToken);

        Assert.AreEqual(1, snapshot.Metrics[MetricCatalog.TestsSuitePassed]);
        Assert.IsFalse(snapshot.Metrics.ContainsKey(MetricCatalog.TestsTotal));
        var queue = await services.Get<GapFinder>().FindAsync(DefaultGoals.Create(), snapshot, TestContext.CancellationToken);
        Assert.IsFalse(queue.Ranked.Any(g => g.TaskType == TaskTypes.FixFailingTest));
    }

    [TestMethod]
    public async Task A_runner_the_agent_does_not_read_is_named_with_why()
    {
        // karma is a real runner the agent has no reader for; here it is not even installed, so npm test fails.
        using var project = Project("karma start --single-run", 0);
        await using var services = TargetProject.Services();

        var snapshot = await services.Get<AssessmentService>().MeasureAsync(project.Path_, null, TestContext.CancellationToken);

        Assert.StartsWith("runner karma (scripts.test runs karma): the agent cannot read its results", snapshot.Unknown[MetricCatalog.TestsTotal]);
        Assert.EndsWith("; measured by exit code only", snapshot.Unknown[MetricCatalog.TestsTotal]);
        Assert.AreEqual(0, snapshot.Metrics[MetricCatalog.TestsSuitePassed]);
    }
}
