using Agent.Activities.Assessment;

namespace Agent.Activities.Goals;

/// <summary>
/// Computes progress from a measurement snapshot, so it can never be set by hand.
/// A target's progress is 1 when met. Otherwise: for "at least N", value ÷ N (0 when N ≤ 0 is somehow missed);
/// for "at most N", 1 ÷ (1 + value − N), so 3 warnings against "at most 0" give 0.25. A goal's progress is the mean of
/// its targets (weight 1 each) and its children (their weights), over those that are known.
/// </summary>
public sealed class GoalProgressCalculator
{
    /// <summary>Progress of every root goal of <paramref name="tree"/>.</summary>
    public IReadOnlyList<GoalProgress> Compute(GoalTree tree, MeasurementSnapshot snapshot) =>
        [.. tree.Roots.Select(goal => Compute(goal, snapshot))];

    /// <summary>Progress of one goal and its sub-goals.</summary>
    public GoalProgress Compute(Goal goal, MeasurementSnapshot snapshot)
    {
        var targets = goal.Targets.Select(t => Compute(t, snapshot)).ToList();
        var children = goal.Children.Select(c => Compute(c, snapshot)).ToList();

        var parts = targets.Select(t => (t.Progress, Weight: 1.0, t.Status))
            .Concat(children.Select(c => (c.Progress, c.Goal.Weight, c.Status)))
            .ToList();
        var known = parts.Where(p => p.Progress is not null).ToList();
        double? progress = known.Count == 0 ? null : known.Sum(p => p.Progress!.Value * p.Weight) / known.Sum(p => p.Weight);
        var status = parts.Any(p => p.Status == GoalStatus.Unmet) ? GoalStatus.Unmet
            : parts.Any(p => p.Status == GoalStatus.Unknown) ? GoalStatus.Unknown
            : GoalStatus.Met;
        return new GoalProgress(goal, progress, status, targets, children);
    }

    /// <summary>Progress of one target.</summary>
    public static TargetProgress Compute(GoalTarget target, MeasurementSnapshot snapshot)
    {
        if (!snapshot.Metrics.TryGetValue(target.Metric, out var value))
        {
            var reason = snapshot.Unknown.GetValueOrDefault(target.Metric) ?? "not measured for this repository";
            return new TargetProgress(target, null, null, GoalStatus.Unknown, reason);
        }
        if (target.IsMetBy(value)) return new TargetProgress(target, value, 1, GoalStatus.Met, null);
        var progress = target.Comparison == TargetComparison.AtLeast
            ? target.Threshold <= 0 ? 0 : Math.Clamp(value / target.Threshold, 0, 1)
            : 1 / (1 + (value - target.Threshold));
        return new TargetProgress(target, value, progress, GoalStatus.Unmet, null);
    }
}
