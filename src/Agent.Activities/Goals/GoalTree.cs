namespace Agent.Activities.Goals;

/// <summary>Which side of the threshold a target wants the metric on.</summary>
public enum TargetComparison
{
    /// <summary>The value must be at least the threshold.</summary>
    AtLeast,

    /// <summary>The value must be at most the threshold.</summary>
    AtMost,
}

/// <summary>A measurable target: a known metric and a threshold.</summary>
/// <param name="Metric">A name from <see cref="MetricCatalog"/>.</param>
/// <param name="Comparison">At least or at most.</param>
/// <param name="Threshold">The value to reach.</param>
public sealed record GoalTarget(string Metric, TargetComparison Comparison, double Threshold)
{
    /// <summary>Whether <paramref name="value"/> meets this target.</summary>
    public bool IsMetBy(double value) => Comparison == TargetComparison.AtLeast ? value >= Threshold : value <= Threshold;

    /// <summary>A readable form, e.g. <c>tests.failed ≤ 0</c>.</summary>
    public override string ToString() => $"{Metric} {(Comparison == TargetComparison.AtLeast ? "≥" : "≤")} {Threshold:0.##}";
}

/// <summary>A goal: its own targets and sub-goals. Progress is never stored here; it is computed from a snapshot.</summary>
/// <param name="Id">Unique within the tree.</param>
/// <param name="Title">What the goal means, for people.</param>
/// <param name="Weight">How much it counts in its parent's progress and in gap impact (default 1).</param>
/// <param name="Targets">Its own measurable targets.</param>
/// <param name="Children">Sub-goals.</param>
public sealed record Goal(string Id, string Title, double Weight, IReadOnlyList<GoalTarget> Targets, IReadOnlyList<Goal> Children)
{
    /// <summary>
    /// Capability tags the goal needs the agent to have (e.g. <c>web.search</c>), from its <c>needs</c> list; capability
    /// gap analysis compares them with the capability map. Empty by default.
    /// </summary>
    public IReadOnlyList<string> Needs { get; init; } = [];

    /// <summary>This goal and every goal below it, depth first.</summary>
    public IEnumerable<Goal> SelfAndDescendants() => Children.SelectMany(c => c.SelfAndDescendants()).Prepend(this);
}

/// <summary>The goals of one target repository.</summary>
/// <param name="Roots">The top-level goals.</param>
/// <param name="Source">The goals file it was read from, or <c>defaults</c>.</param>
public sealed record GoalTree(IReadOnlyList<Goal> Roots, string Source)
{
    /// <summary>The name of the goals file in a target repository.</summary>
    public const string FileName = "agent.goals.yaml";

    /// <summary>The <see cref="Source"/> of the built-in goals.</summary>
    public const string DefaultsSource = "defaults";

    /// <summary>Every goal, depth first.</summary>
    public IEnumerable<Goal> AllGoals() => Roots.SelectMany(r => r.SelfAndDescendants());
}
