using Agent.Activities.Gaps;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Discovery.Analysis;

/// <summary>
/// Turns capability gaps into improvement-cycle gaps of type <see cref="TaskTypes.AddCapability"/>, so FindGaps ranks
/// them with the others — only when <see cref="DiscoveryOptions.EmitCapabilityGaps"/> is on, and only gaps with evidence.
/// Scaled to the cycle's priors: impact = 0.1 × the capability gap's impact (a goal's need weighs like a small
/// documentation gap), confidence 0.5, expected cost = the capability's cost.
/// </summary>
public sealed class CapabilityGapEmitter(CapabilityGapAnalyzer analyzer, IOptions<DiscoveryOptions> options)
{
    /// <summary>The metric the emitted gaps name (not measured by AssessState: their closure is the integration step's).</summary>
    public const string Metric = "capabilities.missing";

    private const double ImpactScale = 0.1;
    private const double Confidence = 0.5;

    /// <summary>The cycle gaps for <paramref name="targetPath"/>; empty when emission is off.</summary>
    public async Task<IReadOnlyList<Gap>> GapsAsync(string targetPath, CancellationToken cancellationToken)
    {
        if (!options.Value.EmitCapabilityGaps) return [];
        var report = await analyzer.AnalyzeAsync(targetPath, cancellationToken).ConfigureAwait(false);
        return [.. report.Gaps.Where(g => g.Evidence.Count > 0).Select(ToGap)];
    }

    /// <summary><paramref name="queue"/> with <paramref name="capabilityGaps"/> ranked among its gaps (priority, then key).</summary>
    public static GapQueue Merge(GapQueue queue, IReadOnlyList<Gap> capabilityGaps) =>
        capabilityGaps.Count == 0
            ? queue
            : queue with { Ranked = [.. queue.Ranked.Concat(capabilityGaps).OrderByDescending(g => g.Priority).ThenBy(g => g.Key, StringComparer.Ordinal)] };

    /// <summary>The cycle gap for one capability gap.</summary>
    public static Gap ToGap(CapabilityGap gap)
    {
        var goal = gap.Evidence.FirstOrDefault(e => e.Origin == NeedOrigin.Goal);
        var impact = ImpactScale * gap.Impact;
        return new Gap
        {
            Key = $"{TaskTypes.AddCapability}:{gap.Capability}",
            TaskType = TaskTypes.AddCapability,
            GoalId = goal?.Reference ?? "capabilities",
            GoalTitle = goal is null ? "The agent has the capabilities its work needs" : goal.Evidence,
            Metric = Metric,
            Target = $"{Metric} ≤ 0",
            Current = 1,
            Subject = gap.Capability,
            Summary = $"No tool provides {gap.Capability} ({gap.Description}); {string.Join("; ", gap.Reasons.Take(gap.Reasons.Count - 1))}",
            Impact = impact,
            Confidence = Confidence,
            ExpectedCost = gap.Cost,
            Priority = impact * Confidence / gap.Cost,
            Advice = [.. gap.Evidence.Select(e => e.Evidence)],
        };
    }
}
