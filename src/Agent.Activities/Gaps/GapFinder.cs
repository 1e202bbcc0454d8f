using Agent.Activities.Assessment;
using Agent.Activities.Goals;
using Agent.Activities.Guards;

namespace Agent.Activities.Gaps;

/// <summary>
/// Compares a snapshot with the goals and ranks what is missing: every missed target becomes one or more gaps, each
/// scored impact (goal weight × task type impact) × confidence (task type prior × advice) ÷ expected cost (prior ×
/// advice). Gaps the <see cref="CycleGuard"/> parked (no progress, or out of attempts) are listed apart, not ranked.
/// Targets whose metric is unknown make no gap: nothing is invented.
/// </summary>
public sealed class GapFinder(IGapAdvisor advisor, CycleGuard guard)
{
    /// <summary>The queue for <paramref name="snapshot"/> against <paramref name="goals"/>.</summary>
    public async Task<GapQueue> FindAsync(GoalTree goals, MeasurementSnapshot snapshot, CancellationToken cancellationToken)
    {
        var candidates = new Dictionary<string, Gap>(StringComparer.Ordinal);
        foreach (var goal in goals.AllGoals())
        {
            var weight = EffectiveWeight(goals, goal);
            foreach (var target in goal.Targets.Select(t => GoalProgressCalculator.Compute(t, snapshot)).Where(t => t.Status == GoalStatus.Unmet))
            foreach (var gap in GapCandidates.For(goal, target, snapshot))
            {
                var prior = GapEstimates.For(gap.TaskType);
                var scored = gap with { Impact = weight * prior.Impact, Confidence = prior.Confidence, ExpectedCost = prior.Cost };
                // One gap can miss several targets (tests.failed and tests.pass_percent): keep its highest impact.
                if (!candidates.TryGetValue(gap.Key, out var existing) || existing.Impact < scored.Impact) candidates[gap.Key] = scored;
            }
        }

        var ranked = new List<Gap>();
        var parked = new List<Gap>();
        foreach (var gap in candidates.Values)
        {
            var advice = await advisor.AdviseAsync(snapshot.TargetPath, gap, cancellationToken).ConfigureAwait(false);
            var confidence = Math.Clamp(gap.Confidence * Math.Max(0, advice.ConfidenceFactor), 0, 1);
            var cost = gap.ExpectedCost * (advice.CostFactor > 0 ? advice.CostFactor : 1);
            var attempts = await guard.GapAsync(CycleGuard.GapId(snapshot.TargetPath, gap.Key), cancellationToken).ConfigureAwait(false);
            var final = gap with
            {
                Confidence = confidence,
                ExpectedCost = cost,
                Priority = gap.Impact * confidence / cost,
                Failures = attempts.FailuresInARow,
                Advice = advice.Notes,
            };
            (guard.WhyNotAttempt(attempts) is null ? ranked : parked).Add(final);
        }
        return new GapQueue(Order(ranked), Order(parked));
    }

    private static List<Gap> Order(List<Gap> gaps) =>
        [.. gaps.OrderByDescending(g => g.Priority).ThenBy(g => g.Key, StringComparer.Ordinal)];

    // A sub-goal's weight counts relative to its ancestors: a heavy parent lifts every gap below it.
    private static double EffectiveWeight(GoalTree tree, Goal goal)
    {
        foreach (var root in tree.Roots)
        {
            if (PathTo(root, goal) is { } path) return path.Aggregate(1.0, (w, g) => w * g.Weight);
        }
        return goal.Weight;
    }

    private static List<Goal>? PathTo(Goal current, Goal wanted)
    {
        if (ReferenceEquals(current, wanted)) return [current];
        foreach (var child in current.Children)
        {
            if (PathTo(child, wanted) is { } path) return [current, .. path];
        }
        return null;
    }
}
