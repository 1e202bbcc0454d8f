namespace Agent.Activities.Goals;

/// <summary>The goals used for a target without an <c>agent.goals.yaml</c>.</summary>
public static class DefaultGoals
{
    /// <summary>Tests pass and the build is clean first; then documentation, TODOs and dependencies.</summary>
    public static GoalTree Create() => new(
    [
        new Goal("correctness", "The code builds and its tests pass", 2,
            [],
            [
                new Goal("tests-pass", "All tests pass", 1,
                    [new(MetricCatalog.TestsFailed, TargetComparison.AtMost, 0), new(MetricCatalog.TestsSuitePassed, TargetComparison.AtLeast, 1)], []),
                new Goal("builds-clean", "The build succeeds without warnings", 1,
                    [new(MetricCatalog.BuildSucceeded, TargetComparison.AtLeast, 1), new(MetricCatalog.BuildWarnings, TargetComparison.AtMost, 0)], []),
            ]),
        new Goal("maintainability", "The code is easy to pick up", 1,
            [],
            [
                new Goal("documented", "The public API is documented", 1, [new(MetricCatalog.DocsPublicApiPercent, TargetComparison.AtLeast, 100)], []),
                new Goal("no-todos", "No TODO or FIXME left behind", 1, [new(MetricCatalog.TodoCount, TargetComparison.AtMost, 0)], []),
            ]),
        new Goal("dependencies", "Dependencies are current and safe", 1,
            [new(MetricCatalog.DepsVulnerable, TargetComparison.AtMost, 0), new(MetricCatalog.DepsOutdated, TargetComparison.AtMost, 0)], []),
    ], GoalTree.DefaultsSource);
}
