using Microsoft.Extensions.Options;

namespace Agent.Activities.Discovery;

/// <summary>Loads the configured taxonomy (<see cref="DiscoveryOptions.TaxonomyPath"/>, else the shipped file) once, on first use.</summary>
public sealed class CapabilityTaxonomyProvider(IOptions<DiscoveryOptions> options)
{
    private readonly Lazy<CapabilityTaxonomy> _taxonomy = new(() =>
        options.Value.TaxonomyPath is { Length: > 0 } path ? CapabilityTaxonomy.Load(path) : CapabilityTaxonomy.LoadShipped());

    /// <summary>The taxonomy.</summary>
    /// <exception cref="CapabilityTaxonomyException">The file is missing or invalid.</exception>
    public CapabilityTaxonomy Taxonomy => _taxonomy.Value;
}
