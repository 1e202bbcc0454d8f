using Agent.Activities.Discovery.Integration;

namespace Agent.Server.Hosting;

/// <summary>Wires MCP server integration (registry, catalog, sandbox, attempts, the IntegrateTool activity) into every host.</summary>
public static class IntegrationHosting
{
    /// <summary>Adds integration from the <c>Discovery</c> section; relative paths resolve against <paramref name="contentRoot"/>.</summary>
    public static void Add(IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddCapabilityIntegration(configuration.GetSection(IntegrationOptions.SectionName));
        services.PostConfigure<IntegrationOptions>(o =>
        {
            if (o.SandboxDirectory is { Length: > 0 } sandbox) o.SandboxDirectory = Path.GetFullPath(sandbox, contentRoot);
            if (o.AttemptsDatabasePath is { Length: > 0 } database) o.AttemptsDatabasePath = Path.GetFullPath(database, contentRoot);
            if (o.CatalogPath is { Length: > 0 } catalog) o.CatalogPath = Path.GetFullPath(catalog, contentRoot);
        });
    }
}
