using System.Text.Json;
using Agent.Activities.Discovery.Integration;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Discovery.Registry;

/// <summary>
/// A second source of servers: a local file (<see cref="IntegrationOptions.CatalogPath"/>) holding either a registry
/// listing (<c>{"servers":[{"server":{…}}]}</c>) or a JSON array of server.json objects. Read on every search, so edits apply at once.
/// </summary>
public sealed class LocalCatalog(IOptions<IntegrationOptions> options)
{
    /// <summary>Whether a catalog file is configured.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(options.Value.CatalogPath);

    /// <summary>The catalog's servers whose name contains <paramref name="search"/> (case-insensitive); all of them for a blank search.</summary>
    /// <exception cref="McpRegistryException">The configured file is missing or is not a catalog.</exception>
    public async Task<IReadOnlyList<ServerJson>> SearchAsync(string? search, CancellationToken cancellationToken = default)
    {
        if (!IsConfigured) return [];
        var all = await ReadAsync(options.Value.CatalogPath!, cancellationToken);
        return string.IsNullOrWhiteSpace(search)
            ? all
            : [.. all.Where(s => s.Name.Contains(search.Trim(), StringComparison.OrdinalIgnoreCase))];
    }

    private static async Task<IReadOnlyList<ServerJson>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
            throw new McpRegistryException($"The server catalog {path} (Discovery:CatalogPath) does not exist; create it or remove the setting.");
        try
        {
            await using var stream = File.OpenRead(path);
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
            var servers = document.RootElement.ValueKind switch
            {
                JsonValueKind.Array => document.RootElement.Deserialize<List<ServerJson>>() ?? [],
                JsonValueKind.Object => [.. (document.RootElement.Deserialize<RegistryPage>()?.Servers ?? []).Select(e => e.Server)],
                _ => throw new McpRegistryException($"The server catalog {path} holds a JSON {document.RootElement.ValueKind}; expected {{\"servers\":[…]}} or an array of server.json objects."),
            };
            if (servers.FirstOrDefault(s => string.IsNullOrWhiteSpace(s.Name)) is not null)
                throw new McpRegistryException($"The server catalog {path} has a server without a name; every entry needs \"name\".");
            return servers;
        }
        catch (JsonException e)
        {
            throw new McpRegistryException($"The server catalog {path} is not valid: {e.Message}. Expected {{\"servers\":[{{\"server\":{{…}}}}]}} or an array of server.json objects.", e);
        }
    }
}
