using Agent.Activities.Discovery.Integration;

namespace Agent.Server.Hosting;

/// <summary>Wires MCP server integration (registry, catalog, sandbox, attempts, the IntegrateTool activity) into every host.</summary>
public static class IntegrationHosting
{
    /// <summary>
    /// Adds integration from the <c>Discovery</c> section; relative paths resolve against <paramref name="contentRoot"/>,
    /// and the sandbox and the attempts file default into the data directory (<c>mcp/</c>, <c>agent.db</c>).
    /// </summary>
    public static void Add(IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddCapabilityIntegration(configuration.GetSection(IntegrationOptions.SectionName));
        var dataDirectory = configuration[AgentConfiguration.DataDirectoryKey] is { Length: > 0 } data ? data : AgentConfiguration.DefaultDataDirectory;
        services.PostConfigure<IntegrationOptions>(o =>
        {
            o.SandboxDirectory = Path.GetFullPath(o.SandboxDirectory is { Length: > 0 } sandbox ? sandbox : Path.Combine(dataDirectory, "mcp"), contentRoot);
            o.AttemptsDatabasePath = Path.GetFullPath(o.AttemptsDatabasePath is { Length: > 0 } database ? database : Path.Combine(dataDirectory, "agent.db"), contentRoot);
            if (o.CatalogPath is { Length: > 0 } catalog) o.CatalogPath = Path.GetFullPath(catalog, contentRoot);
        });
    }
}
