namespace Agent.Activities.Research.Findings;

/// <summary>
/// Orders the findings of several sources: each finding's score is weighed by its source's place in the order (the
/// first source counts most), the same page found twice (<see cref="FindingUrl.Normalize"/>) is kept once with its best
/// score, and the best <c>max</c> are returned.
/// </summary>
public static class FindingRanker
{
    /// <summary>The ranked, de-duplicated findings; <paramref name="sourceOrder"/> lists the source names, most trusted first.</summary>
    public static IReadOnlyList<Finding> Rank(IEnumerable<Finding> findings, IReadOnlyList<string> sourceOrder, int max)
    {
        double Weight(string source)
        {
            var index = -1;
            for (var i = 0; i < sourceOrder.Count; i++)
            {
                if (string.Equals(sourceOrder[i], source, StringComparison.OrdinalIgnoreCase)) { index = i; break; }
            }
            return index < 0 ? 0.5 : 1.0 - 0.1 * index;
        }

        return [.. findings
            .Select(f => f with { Score = Math.Round(Math.Clamp(f.Score, 0, 1) * Weight(f.Source), 4) })
            .GroupBy(f => FindingUrl.Normalize(f.Url), StringComparer.Ordinal)
            .Select(g => g.OrderByDescending(f => f.Score).First())
            .OrderByDescending(f => f.Score)
            .ThenBy(f => f.Url, StringComparer.Ordinal)
            .Take(max)];
    }
}
