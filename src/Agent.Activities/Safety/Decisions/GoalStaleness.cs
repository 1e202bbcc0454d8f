using Agent.Activities.CycleStore;
using Agent.Activities.Goals;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Safety.Decisions;

/// <summary>A goal whose metrics have not moved for a number of cycles while its targets are still missed.</summary>
/// <param name="GoalId">The goal.</param>
/// <param name="Title">Its title.</param>
/// <param name="Cycles">Over how many measurements (one per cycle) nothing moved.</param>
/// <param name="Evidence">Each unmet target with its unchanged value, e.g. <c>tests.failed stuck at 3 (target ≤ 0)</c>.</param>
public sealed record StaleGoal(string GoalId, string Title, int Cycles, IReadOnlyList<string> Evidence)
{
    /// <summary>One line for people.</summary>
    public override string ToString() => $"goal '{GoalId}' has not moved in {Cycles} cycles: {string.Join("; ", Evidence)}";
}

/// <summary>
/// Flags goals whose metrics have not moved in <see cref="DecisionsOptions.StaleGoalCycles"/> cycles: every unmet target
/// of the goal has the same value in each of the target's newest snapshots (the cycle database keeps one per cycle).
/// With fewer snapshots than that, nothing is flagged.
/// </summary>
public sealed class GoalStaleness(SnapshotStore snapshots, IOptions<DecisionsOptions> options)
{
    private const double Tolerance = 1e-9;

    /// <summary>The stale goals of <paramref name="tree"/> for <paramref name="targetPath"/> (a full path).</summary>
    public async Task<IReadOnlyList<StaleGoal>> FindAsync(GoalTree tree, string targetPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tree);
        var cycles = options.Value.StaleGoalCycles;
        var recent = await snapshots.RecentAsync(targetPath, cycles, cancellationToken).ConfigureAwait(false);
        return Find(tree, recent, cycles);
    }

    /// <summary>The stale goals of <paramref name="tree"/> given its newest snapshots (newest first).</summary>
    public static IReadOnlyList<StaleGoal> Find(GoalTree tree, IReadOnlyList<Assessment.MeasurementSnapshot> recent, int cycles)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(recent);
        if (recent.Count < cycles) return [];
        var stale = new List<StaleGoal>();
        foreach (var goal in tree.AllGoals())
        {
            var unmet = goal.Targets.Where(t => recent[0].Metrics.TryGetValue(t.Metric, out var v) && !t.IsMetBy(v)).ToList();
            if (unmet.Count == 0) continue;
            var stuck = unmet.All(t => recent.All(s => s.Metrics.TryGetValue(t.Metric, out var v) && Math.Abs(v - recent[0].Metrics[t.Metric]) < Tolerance));
            if (stuck) stale.Add(new StaleGoal(goal.Id, goal.Title, recent.Count, [.. unmet.Select(t => $"{t.Metric} stuck at {recent[0].Metrics[t.Metric]:0.##} (target {t})")]));
        }
        return stale;
    }
}
