namespace Agent.Activities.Gaps;

/// <summary>A task type's prior estimates, before learned advice.</summary>
/// <param name="Impact">How much closing one such gap matters (a failing test = 1).</param>
/// <param name="Confidence">How likely an attempt succeeds (0..1).</param>
/// <param name="Cost">Relative effort (1 = a small focused edit).</param>
public sealed record TaskEstimate(double Impact, double Confidence, double Cost);

/// <summary>
/// Priors per task type. Broken builds and failing tests come first (they hide everything else); documentation and
/// TODOs are cheap but matter less; dependency updates are risky and costly.
/// </summary>
public static class GapEstimates
{
    private static readonly Dictionary<string, TaskEstimate> ByType = new(StringComparer.Ordinal)
    {
        [TaskTypes.FixBuild] = new(1.5, 0.6, 1),
        [TaskTypes.FixFailingTest] = new(1.0, 0.8, 1),
        [TaskTypes.RemoveWarning] = new(0.2, 0.9, 0.5),
        [TaskTypes.DocumentApi] = new(0.3, 0.95, 0.5),
        [TaskTypes.RemoveTodo] = new(0.2, 0.6, 1),
        [TaskTypes.AddTests] = new(0.5, 0.7, 2),
        [TaskTypes.UpdateDependency] = new(0.3, 0.5, 2.5),
        [TaskTypes.AddCapability] = new(0.1, 0.5, 1),
    };

    /// <summary>The prior of <paramref name="taskType"/>.</summary>
    public static TaskEstimate For(string taskType) => ByType.TryGetValue(taskType, out var e) ? e : new(0.3, 0.5, 1);
}
