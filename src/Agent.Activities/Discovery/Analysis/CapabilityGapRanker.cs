using System.Globalization;

namespace Agent.Activities.Discovery.Analysis;

/// <summary>
/// Ranks unmet needs: impact (3 per goal, 2 per open gap, 1 per failed run that needs the capability) over cost
/// (1, plus 2 when a server for it needs secrets, plus install size ÷ 100 MB, plus 1 for medium and 2 for high risk).
/// Ties are broken by tag, so the order is stable.
/// </summary>
public static class CapabilityGapRanker
{
    /// <summary>One ranked gap per capability in <paramref name="unmet"/>, highest priority first.</summary>
    public static IReadOnlyList<CapabilityGap> Rank(IEnumerable<CapabilityNeed> unmet, CapabilityTaxonomy taxonomy)
    {
        var gaps = unmet.GroupBy(n => n.Capability, StringComparer.Ordinal).Select(group => Score(group.Key, [.. group], taxonomy));
        return [.. gaps.OrderByDescending(g => g.Priority).ThenBy(g => g.Capability, StringComparer.Ordinal)];
    }

    private static CapabilityGap Score(string tag, List<CapabilityNeed> needs, CapabilityTaxonomy taxonomy)
    {
        var definition = taxonomy.Find(tag);
        var cost = definition?.Cost ?? CapabilityCost.Default;
        var goals = needs.Where(n => n.Origin == NeedOrigin.Goal).Select(n => n.Reference).Distinct(StringComparer.Ordinal).Count();
        var openGaps = needs.Where(n => n.Origin == NeedOrigin.GapType).Sum(n => n.Weight);
        var failedRuns = needs.Where(n => n.Origin == NeedOrigin.FailedRun).Sum(n => n.Weight);
        var impact = 3.0 * goals + 2.0 * openGaps + failedRuns;
        var risk = cost.Risk switch { CapabilityRisk.High => 2.0, CapabilityRisk.Medium => 1.0, _ => 0.0 };
        var secrets = cost.NeedsSecrets ? 2.0 : 0.0;
        var install = cost.InstallMegabytes / 100.0;
        var total = 1 + secrets + install + risk;
        var reasons = new List<string>();
        if (goals > 0) reasons.Add($"blocks {goals} goal(s): {string.Join(", ", needs.Where(n => n.Origin == NeedOrigin.Goal).Select(n => n.Reference).Distinct())} (+{3 * goals})");
        if (openGaps > 0) reasons.Add($"needed by {openGaps} open gap(s) of type {string.Join(", ", needs.Where(n => n.Origin == NeedOrigin.GapType).Select(n => n.Reference).Distinct())} (+{2 * openGaps})");
        if (failedRuns > 0) reasons.Add($"missing in {failedRuns} failed run(s) (+{failedRuns})");
        reasons.Add(string.Create(CultureInfo.InvariantCulture,
            $"cost {total:0.##} = 1 base + {secrets:0.#} secrets{(cost.NeedsSecrets ? " (needs an API key)" : "")} + {install:0.##} install ({cost.InstallMegabytes:0.#} MB) + {risk:0.#} risk ({cost.Risk.ToString().ToLowerInvariant()})"));
        reasons.Add(string.Create(CultureInfo.InvariantCulture, $"priority {impact / total:0.###} = impact {impact:0.#} ÷ cost {total:0.##}"));
        return new CapabilityGap(tag, definition?.Description ?? tag, needs, goals, openGaps, failedRuns, impact, total, impact / total, reasons);
    }
}
