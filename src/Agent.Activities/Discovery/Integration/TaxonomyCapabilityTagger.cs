using System.Text.Json;

namespace Agent.Activities.Discovery.Integration;

/// <summary>The capability taxonomy (<c>capabilities.yaml</c>) as the integration's tagger.</summary>
public sealed class TaxonomyCapabilityTagger(CapabilityTaxonomyProvider provider) : ICapabilityTagger
{
    /// <summary>How many search terms a capability gives at most.</summary>
    public const int MaxSearchTerms = 3;

    /// <inheritdoc />
    public IReadOnlyList<string> Tag(string toolName, string? description, JsonElement? inputSchema) =>
        provider.Taxonomy.Tag(toolName, description, inputSchema);

    /// <inheritdoc />
    /// <remarks>The tag's first part (<c>memory</c> of <c>memory.store</c>), then the capability's one-word keywords.</remarks>
    /// <exception cref="IntegrationException">The capability is not in the taxonomy.</exception>
    public IReadOnlyList<string> SearchTermsFor(string capability)
    {
        var definition = provider.Taxonomy.Find(capability)
            ?? throw new IntegrationException($"'{capability}' is not a capability of {provider.Taxonomy.Source}; use one of {string.Join(", ", provider.Taxonomy.Capabilities.Select(c => c.Tag))}.");
        var terms = new List<string> { definition.Tag.Split('.')[0] };
        terms.AddRange(definition.Keywords.Where(k => !k.Contains(' ', StringComparison.Ordinal)));
        return [.. terms.Distinct(StringComparer.OrdinalIgnoreCase).Take(MaxSearchTerms)];
    }
}
