using Agent.Activities.Discovery.Persistence;

namespace Agent.Activities.Discovery.Analysis;

/// <summary>
/// Compares what is needed (every <see cref="ICapabilityNeedSource"/>) with what is provided (the taxonomy's built-in
/// tools and the capability map's present tools) and ranks the difference (<see cref="CapabilityGapRanker"/>).
/// </summary>
public sealed class CapabilityGapAnalyzer(IEnumerable<ICapabilityNeedSource> sources, CapabilityStore store, CapabilityTaxonomyProvider taxonomy)
{
    /// <summary>The capability gaps for <paramref name="targetPath"/> (null: needs independent of a target only).</summary>
    public async Task<CapabilityGapReport> AnalyzeAsync(string? targetPath, CancellationToken cancellationToken)
    {
        var map = taxonomy.Taxonomy;
        var needs = new List<CapabilityNeed>();
        foreach (var source in sources) needs.AddRange(await source.NeedsAsync(targetPath, map, cancellationToken).ConfigureAwait(false));
        var provided = new HashSet<string>(map.BuiltinCapabilities, StringComparer.Ordinal);
        foreach (var tool in await store.CurrentToolsAsync(cancellationToken).ConfigureAwait(false)) provided.UnionWith(tool.Capabilities);
        var unmet = needs.Where(n => !provided.Contains(n.Capability)).ToList();
        return new CapabilityGapReport(
            CapabilityGapRanker.Rank(unmet, map),
            [.. provided.Order(StringComparer.Ordinal)],
            [.. needs.Where(n => provided.Contains(n.Capability))]);
    }
}
