namespace Agent.Activities.Discovery.Registry;

/// <summary>A server found by a search, with the source that listed it.</summary>
/// <param name="Server">The server.json.</param>
/// <param name="Source"><c>catalog</c> or <c>registry</c>.</param>
public sealed record ServerCandidate(ServerJson Server, string Source);

/// <summary>
/// Searches both sources of servers: the local catalog first (it is the operator's own choice), then the MCP Registry.
/// A server listed by both is taken from the catalog.
/// </summary>
public sealed class ServerSources(LocalCatalog catalog, McpRegistryClient registry)
{
    /// <summary>The servers whose name contains <paramref name="search"/>.</summary>
    /// <exception cref="McpRegistryException">A source could not be read; nothing is returned then, so a caller never acts on half a listing.</exception>
    public async Task<IReadOnlyList<ServerCandidate>> SearchAsync(string? search, CancellationToken cancellationToken = default)
    {
        var found = new List<ServerCandidate>();
        found.AddRange((await catalog.SearchAsync(search, cancellationToken)).Select(s => new ServerCandidate(s, "catalog")));
        var known = found.Select(c => c.Server.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var server in await registry.SearchAsync(search, cancellationToken))
            if (known.Add(server.Name)) found.Add(new ServerCandidate(server, "registry"));
        return found;
    }

    /// <summary>The server named exactly <paramref name="name"/>, or null.</summary>
    /// <exception cref="McpRegistryException">A source could not be read.</exception>
    public async Task<ServerCandidate?> FindAsync(string name, CancellationToken cancellationToken = default) =>
        (await SearchAsync(name, cancellationToken)).FirstOrDefault(c => string.Equals(c.Server.Name, name.Trim(), StringComparison.Ordinal));
}
