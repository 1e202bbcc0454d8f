using Agent.Activities.Guards;
using Agent.Activities.Assessment;
using Agent.Activities.CycleStore;
using Agent.Activities.Gaps;
using Agent.Activities.Goals;
using Agent.Activities.Tests.Cycle;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Activities.Tests.Gaps;

[TestClass]
public sealed class GapFinderTests
{
    public TestContext TestContext { get; set; } = null!;

    private static MeasurementSnapshot DotnetLikeSnapshot(string target)
    {
        var snapshot = new MeasurementSnapshot { TargetPath = target };
        snapshot.Metrics[MetricCatalog.BuildSucceeded] = 1;
        snapshot.Metrics[MetricCatalog.BuildWarnings] = 1;
        snapshot.Metrics[MetricCatalog.TestsFailed] = 1;
        snapshot.Metrics[MetricCatalog.TestsPassPercent] = 80;
        snapshot.Metrics[MetricCatalog.DocsPublicApiPercent] = 50;
        snapshot.Metrics[MetricCatalog.TodoCount] = 0;
        snapshot.Unknown[MetricCatalog.DepsOutdated] = "offline";
        snapshot.Unknown[MetricCatalog.DepsVulnerable] = "offline";
        snapshot.FailingTests.Add(new FailingTest("Max_works", "Calc.Tests.MathTests", "expected 3", null));
        snapshot.Diagnostics.Add(new BuildDiagnostic("warning", "CS0219", "unused variable", "src/Math.cs", 4));
        snapshot.UndocumentedMembers.Add(new UndocumentedMember("Math.Negate(int)", "src/Math.cs", 9));
        return snapshot;
    }

    [TestMethod]
    public async Task Gaps_are_ranked_by_impact_times_confidence_over_cost_and_unknown_metrics_make_none()
    {
        await using var services = CycleServices.Create();
        var target = SampleRepository.CreatePlainFolder();

        var queue = await services.Get<GapFinder>().FindAsync(DefaultGoals.Create(), DotnetLikeSnapshot(target), TestContext.CancellationToken);

        CollectionAssert.AreEqual(
            new[] { "fix-failing-test:Calc.Tests.MathTests.Max_works", "remove-warning:CS0219@src/Math.cs:unused variable", "document-api:src/Math.cs" },
            queue.Ranked.Select(g => g.Key).ToList());
        Assert.IsEmpty(queue.Parked);
        foreach (var gap in queue.Ranked) Assert.AreEqual(gap.Impact * gap.Confidence / gap.ExpectedCost, gap.Priority, 1e-12);
        var top = queue.Top!;
        Assert.AreEqual(TaskTypes.FixFailingTest, top.TaskType);
        Assert.AreEqual("tests-pass", top.GoalId);
        Assert.AreEqual("tests.failed ≤ 0", top.Target);
        // The default tree weighs correctness 2 × tests-pass 1; fix-failing-test's prior impact is 1.
        Assert.AreEqual(2 * 1.0, top.Impact, 1e-12);
        Assert.Contains("expected 3", top.Summary);
    }

    [TestMethod]
    public async Task Learned_advice_changes_the_ranking()
    {
        await using var services = CycleServices.Create(configure: s => s.AddSingleton<IGapAdvisor>(new DistrustTaskType(TaskTypes.FixFailingTest)));
        var target = SampleRepository.CreatePlainFolder();

        var queue = await services.Get<GapFinder>().FindAsync(DefaultGoals.Create(), DotnetLikeSnapshot(target), TestContext.CancellationToken);

        Assert.AreEqual(TaskTypes.RemoveWarning, queue.Top!.TaskType);
        var test = queue.Ranked.Single(g => g.TaskType == TaskTypes.FixFailingTest);
        Assert.AreEqual(0.8 * 0.1, test.Confidence, 1e-12);
        CollectionAssert.AreEqual(new[] { "similar fixes were rolled back" }, test.Advice.ToList());
    }

    [TestMethod]
    public async Task A_gap_that_failed_often_enough_is_parked_and_the_count_survives_a_restart()
    {
        var target = SampleRepository.CreatePlainFolder();
        var snapshot = DotnetLikeSnapshot(target);
        const string key = "fix-failing-test:Calc.Tests.MathTests.Max_works";
        var settings = new Dictionary<string, string?> { ["Guards:ParkAfterFailures"] = "2", ["Cycle:DatabasePath"] = Path.Combine(target, "cycle.db") };
        var gap = CycleGuard.GapId(target, key);
        await using (var first = CycleServices.Create(settings))
        {
            var guard = first.Get<CycleGuard>();
            Assert.IsFalse((await guard.RecordAttemptAsync(gap, "attempt-1", "c1", succeeded: false, TestContext.CancellationToken)).Parked);
            Assert.IsTrue((await guard.RecordAttemptAsync(gap, "attempt-2", "c2", succeeded: false, TestContext.CancellationToken)).Parked);
        }

        // A new service provider on the same file stands for a restarted process.
        await using var second = CycleServices.Create(settings);
        var queue = await second.Get<GapFinder>().FindAsync(DefaultGoals.Create(), snapshot, TestContext.CancellationToken);

        Assert.IsFalse(queue.Ranked.Any(g => g.Key == key));
        var parked = queue.Parked.Single();
        Assert.AreEqual((key, 2), (parked.Key, parked.Failures));

        await second.Get<CycleGuard>().UnparkAsync(gap, TestContext.CancellationToken);
        var after = await second.Get<GapFinder>().FindAsync(DefaultGoals.Create(), snapshot, TestContext.CancellationToken);
        Assert.AreEqual(key, after.Top!.Key);
    }

    [TestMethod]
    public async Task A_snapshot_that_meets_every_goal_has_no_gaps()
    {
        await using var services = CycleServices.Create();
        var snapshot = new MeasurementSnapshot { TargetPath = SampleRepository.CreatePlainFolder() };
        foreach (var (metric, value) in new[] { (MetricCatalog.TestsFailed, 0.0), (MetricCatalog.BuildSucceeded, 1), (MetricCatalog.BuildWarnings, 0), (MetricCatalog.DocsPublicApiPercent, 100), (MetricCatalog.TodoCount, 0), (MetricCatalog.DepsOutdated, 0), (MetricCatalog.DepsVulnerable, 0) })
            snapshot.Metrics[metric] = value;

        var queue = await services.Get<GapFinder>().FindAsync(DefaultGoals.Create(), snapshot, TestContext.CancellationToken);

        Assert.IsNull(queue.Top);
        Assert.IsEmpty(queue.Ranked);
    }

    /// <summary>An advisor that has "learned" that one task type rarely works.</summary>
    private sealed class DistrustTaskType(string taskType) : IGapAdvisor
    {
        public ValueTask<GapAdvice> AdviseAsync(string targetPath, Gap gap, CancellationToken cancellationToken) =>
            ValueTask.FromResult(gap.TaskType == taskType ? new GapAdvice(0.1, 1, ["similar fixes were rolled back"]) : GapAdvice.Neutral);
    }
}
