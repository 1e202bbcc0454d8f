namespace Agent.Activities.Goals;

/// <summary>Where a goal or target stands.</summary>
public enum GoalStatus
{
    /// <summary>Every target below it is met.</summary>
    Met,

    /// <summary>At least one target below it is not met.</summary>
    Unmet,

    /// <summary>Nothing unmet, but something could not be measured.</summary>
    Unknown,
}

/// <summary>One target against a snapshot.</summary>
/// <param name="Target">The target.</param>
/// <param name="Value">The measured value, or null when the metric is unknown in the snapshot.</param>
/// <param name="Progress">0..1, or null when unknown.</param>
/// <param name="Status">Met, unmet or unknown.</param>
/// <param name="UnknownReason">Why the value is unknown, when it is.</param>
public sealed record TargetProgress(GoalTarget Target, double? Value, double? Progress, GoalStatus Status, string? UnknownReason);

/// <summary>One goal against a snapshot: its own targets and its children.</summary>
/// <param name="Goal">The goal.</param>
/// <param name="Progress">0..1: the weighted mean of its known targets and children, or null when none is known.</param>
/// <param name="Status">Met, unmet or unknown.</param>
/// <param name="Targets">Its own targets.</param>
/// <param name="Children">Its sub-goals.</param>
public sealed record GoalProgress(Goal Goal, double? Progress, GoalStatus Status, IReadOnlyList<TargetProgress> Targets, IReadOnlyList<GoalProgress> Children)
{
    /// <summary>This goal's progress and every one below it, depth first.</summary>
    public IEnumerable<GoalProgress> SelfAndDescendants() => Children.SelectMany(c => c.SelfAndDescendants()).Prepend(this);
}
