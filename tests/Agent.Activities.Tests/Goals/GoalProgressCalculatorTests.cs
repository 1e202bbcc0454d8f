using Agent.Activities.Assessment;
using Agent.Activities.Goals;

namespace Agent.Activities.Tests.Goals;

[TestClass]
public sealed class GoalProgressCalculatorTests
{
    private readonly GoalProgressCalculator _calculator = new();

    private static MeasurementSnapshot Snapshot(params (string Metric, double Value)[] metrics)
    {
        var snapshot = new MeasurementSnapshot { TargetPath = "/repo" };
        foreach (var (m, v) in metrics) snapshot.Metrics[m] = v;
        return snapshot;
    }

    [TestMethod]
    [DataRow(TargetComparison.AtMost, 0.0, 0.0, 1.0)]
    [DataRow(TargetComparison.AtMost, 0.0, 3.0, 0.25)]
    [DataRow(TargetComparison.AtMost, 2.0, 3.0, 0.5)]
    [DataRow(TargetComparison.AtLeast, 80.0, 60.0, 0.75)]
    [DataRow(TargetComparison.AtLeast, 80.0, 95.0, 1.0)]
    [DataRow(TargetComparison.AtLeast, 1.0, 0.0, 0.0)]
    public void A_target_s_progress_follows_from_the_measured_value(TargetComparison comparison, double threshold, double value, double expected)
    {
        var progress = GoalProgressCalculator.Compute(new GoalTarget(MetricCatalog.BuildWarnings, comparison, threshold), Snapshot((MetricCatalog.BuildWarnings, value)));

        Assert.AreEqual(expected, progress.Progress!.Value, 1e-9);
        Assert.AreEqual(expected >= 1 ? GoalStatus.Met : GoalStatus.Unmet, progress.Status);
        Assert.AreEqual(value, progress.Value);
    }

    [TestMethod]
    public void An_unmeasured_metric_is_unknown_with_the_snapshot_s_reason()
    {
        var snapshot = Snapshot();
        snapshot.Unknown[MetricCatalog.CoverageLinePercent] = "no coverage collector";

        var progress = GoalProgressCalculator.Compute(new GoalTarget(MetricCatalog.CoverageLinePercent, TargetComparison.AtLeast, 80), snapshot);

        Assert.IsNull(progress.Progress);
        Assert.AreEqual(GoalStatus.Unknown, progress.Status);
        Assert.AreEqual("no coverage collector", progress.UnknownReason);
    }

    [TestMethod]
    public void A_goal_averages_its_targets_and_its_children_by_weight_and_skips_the_unknown()
    {
        var tests = new Goal("tests", "Tests", 3, [new(MetricCatalog.TestsFailed, TargetComparison.AtMost, 0)], []);
        var docs = new Goal("docs", "Docs", 1, [new(MetricCatalog.DocsPublicApiPercent, TargetComparison.AtLeast, 100)], []);
        var coverage = new Goal("coverage", "Coverage", 5, [new(MetricCatalog.CoverageLinePercent, TargetComparison.AtLeast, 80)], []);
        var root = new Goal("root", "Root", 1, [], [tests, docs, coverage]);
        var snapshot = Snapshot((MetricCatalog.TestsFailed, 1), (MetricCatalog.DocsPublicApiPercent, 100));

        var progress = _calculator.Compute(new GoalTree([root], "x"), snapshot).Single();

        // tests: 1 / (1 + 1) = 0.5 at weight 3; docs: 1 at weight 1; coverage unknown and left out.
        Assert.AreEqual((0.5 * 3 + 1 * 1) / 4, progress.Progress!.Value, 1e-9);
        Assert.AreEqual(GoalStatus.Unmet, progress.Status);
        CollectionAssert.AreEqual(new[] { GoalStatus.Unmet, GoalStatus.Met, GoalStatus.Unknown }, progress.Children.Select(c => c.Status).ToList());
    }

    [TestMethod]
    public void A_goal_whose_targets_are_all_met_is_met_and_complete()
    {
        var goal = new Goal("g", "G", 1, [new(MetricCatalog.TodoCount, TargetComparison.AtMost, 0), new(MetricCatalog.BuildSucceeded, TargetComparison.AtLeast, 1)], []);

        var progress = _calculator.Compute(goal, Snapshot((MetricCatalog.TodoCount, 0), (MetricCatalog.BuildSucceeded, 1)));

        Assert.AreEqual(1, progress.Progress);
        Assert.AreEqual(GoalStatus.Met, progress.Status);
    }
}
