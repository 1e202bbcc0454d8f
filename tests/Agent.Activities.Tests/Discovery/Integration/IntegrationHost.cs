using Agent.Activities.Safety.Policy;
using Agent.Activities.Discovery;
using Agent.Activities.Discovery.Integration;
using Agent.Activities.Tests.Approvals;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Activities.Tests.Discovery.Integration;

/// <summary>
/// The engine, approvals and capability integration wired as the host wires them, against a loopback MCP Registry,
/// with a sandbox, a target folder and the repository's <c>capabilities.yaml</c>.
/// </summary>
internal sealed class IntegrationHost : IAsyncDisposable
{
    /// <summary>The pinned version of the real npm MCP servers this machine's npm registry serves.</summary>
    public const string ServersVersion = "2026.8.31";

    private IntegrationHost(string folder, EngineHost engine)
    {
        Folder = folder;
        Engine = engine;
        Target = Directory.CreateDirectory(Path.Combine(folder, "target")).FullName;
    }

    public string Folder { get; }

    public EngineHost Engine { get; }

    /// <summary>The folder whose <c>.mcp.json</c> gets the servers.</summary>
    public string Target { get; }

    public string Sandbox => Path.Combine(Folder, "mcp");

    public string McpJson => Path.Combine(Target, ".mcp.json");

    public IntegrationManager Manager => Engine.Get<IntegrationManager>();

    public IntegrationAttemptStore Attempts => Engine.Get<IntegrationAttemptStore>();

    public static async Task<IntegrationHost> OpenAsync(string folder, string registryUrl, IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? clock = null,
        Action<IServiceCollection>? configure = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Registry:BaseUrl"] = registryUrl,
            ["Registry:MaxRetries"] = "1",
            ["Registry:RetryDelay"] = "00:00:00.010",
            ["Registry:PageSize"] = "2",
            ["SandboxDirectory"] = Path.Combine(folder, "mcp"),
            ["AttemptsDatabasePath"] = Path.Combine(folder, "agent.db"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
        var discovery = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var engine = await EngineHost.OpenAsync(folder, clock, services =>
        {
            services.AddCapabilityIntegration(discovery);
            services.AddSafetyPolicy(new ConfigurationBuilder().Build().GetSection(PolicyOptions.SectionName), folder);
            services.Configure<DiscoveryOptions>(o => o.TaxonomyPath = Path.Combine(AgentRepository.Root, "capabilities.yaml"));
            configure?.Invoke(services);
        });
        return new IntegrationHost(folder, engine);
    }

    /// <summary>A one-activity workflow running Agent.IntegrateTool, with a line per outcome.</summary>
    public static string Workflow(string target, string? serverName = null, string? capability = null) => $$"""
        {
          "id": "integrate-test-v1", "definitionId": "integrate-test", "version": 1, "isPublished": true, "isLatest": true,
          "root": {
            "type": "Elsa.Flowchart", "id": "root",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "integrate", "type": "Agent.IntegrateTool",
                "serverName": { "typeName": "String", "expression": { "type": "Literal", "value": {{Quote(serverName)}} } },
                "capability": { "typeName": "String", "expression": { "type": "Literal", "value": {{Quote(capability)}} } },
                "target": { "typeName": "String", "expression": { "type": "Literal", "value": {{Quote(target)}} } } },
              { "id": "integrated", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "JavaScript", "value": "return 'integrated ' + getOutputFrom('integrate', 'attempt').name;" } } },
              { "id": "rejected", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "rejected" } } },
              { "id": "failed", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "JavaScript", "value": "var a = getOutputFrom('integrate', 'attempt'); return 'failed: ' + (a ? a.reason : getOutputFrom('integrate', 'error'));" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "integrate", "port": "In" } },
              { "source": { "activity": "integrate", "port": "Integrated" }, "target": { "activity": "integrated", "port": "In" } },
              { "source": { "activity": "integrate", "port": "Rejected" }, "target": { "activity": "rejected", "port": "In" } },
              { "source": { "activity": "integrate", "port": "Failed" }, "target": { "activity": "failed", "port": "In" } }
            ]
          }
        }
        """;

    private static string Quote(string? text) => System.Text.Json.JsonSerializer.Serialize(text ?? "");

    public async ValueTask DisposeAsync() => await Engine.DisposeAsync();
}
