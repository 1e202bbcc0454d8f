using Agent.Activities.Discovery;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Tests.Discovery;

/// <summary>The discovery services wired by hand on the shipped taxonomy, for a scan of explicit servers.</summary>
internal sealed class DiscoveryTestServices
{
    public DiscoveryTestServices(TimeSpan serverTimeout, string? databasePath = null)
    {
        Options = Microsoft.Extensions.Options.Options.Create(new DiscoveryOptions
        {
            ServerTimeout = serverTimeout,
            IncludeUserConfig = false,
            TaxonomyPath = Path.Combine(AgentRepository.Root, CapabilityTaxonomy.FileName),
            DatabasePath = databasePath ?? Path.Combine(Path.GetTempPath(), "unused-capabilities.db"),
        });
        Taxonomy = new CapabilityTaxonomyProvider(Options);
        Probe = new McpServerProbe(Options, Taxonomy);
        Catalog = new McpServerCatalog(Options);
        Scanner = new ToolScanner(Catalog, Probe, TimeProvider.System);
    }

    public IOptions<DiscoveryOptions> Options { get; }

    public CapabilityTaxonomyProvider Taxonomy { get; }

    public McpServerProbe Probe { get; }

    public McpServerCatalog Catalog { get; }

    public ToolScanner Scanner { get; }

    public static McpServerEntry Stdio(string name, string command, IReadOnlyList<string>? args = null, IReadOnlyDictionary<string, string>? env = null) =>
        new(name, McpServerSource.Agent, McpTransportKind.Stdio, command, args ?? [], env ?? new Dictionary<string, string>(), null, null, new Dictionary<string, string>());

    public static McpServerEntry Npm(string name, string folder) =>
        Stdio(name, McpTestServers.Bin(name), McpTestServers.Args(name, folder), McpTestServers.Env(name, folder));
}
