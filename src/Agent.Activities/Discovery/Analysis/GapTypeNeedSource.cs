using Agent.Activities.CycleStore;
using Agent.Activities.Gaps;
using Agent.Activities.Goals;

namespace Agent.Activities.Discovery.Analysis;

/// <summary>
/// Needs of the open gaps: the target's latest measurement snapshot is compared with its goals (as FindGaps does),
/// and each gap's task type — plus <c>research</c>, which every attempt starts with — contributes the capabilities the
/// taxonomy's <c>gapTypes</c> maps it to. No snapshot yet → no needs from gaps.
/// </summary>
public sealed class GapTypeNeedSource(SnapshotStore snapshots, GoalsFileReader reader) : ICapabilityNeedSource
{
    /// <summary>The gap type of the research step every attempt runs.</summary>
    public const string ResearchGapType = "research";

    /// <inheritdoc />
    public async Task<IReadOnlyList<CapabilityNeed>> NeedsAsync(string? targetPath, CapabilityTaxonomy taxonomy, CancellationToken cancellationToken)
    {
        if (targetPath is null) return [];
        var snapshot = await snapshots.LatestAsync(Path.GetFullPath(targetPath), cancellationToken).ConfigureAwait(false);
        if (snapshot is null) return [];
        var goals = await reader.LoadAsync(targetPath, cancellationToken).ConfigureAwait(false);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var goal in goals.AllGoals())
        foreach (var target in goal.Targets.Select(t => GoalProgressCalculator.Compute(t, snapshot)).Where(t => t.Status == GoalStatus.Unmet))
        foreach (var gap in GapCandidates.For(goal, target, snapshot).DistinctBy(g => g.Key))
            counts[gap.TaskType] = counts.GetValueOrDefault(gap.TaskType) + 1;
        if (counts.Count > 0) counts[ResearchGapType] = counts.Values.Sum();
        return [.. counts.OrderBy(c => c.Key, StringComparer.Ordinal).SelectMany(c => taxonomy.NeedsOf(c.Key).Select(tag =>
            new CapabilityNeed(tag, NeedOrigin.GapType, c.Key, $"{c.Value} open gap(s) of type {c.Key} need {tag} (snapshot of {snapshot.TakenAt:yyyy-MM-dd HH:mm})", c.Value)))];
    }
}
