namespace Agent.Activities.Discovery;

/// <summary>
/// Scans every configured server (<see cref="McpServerCatalog"/>) — in parallel by default, each with its own timeout —
/// and returns one <see cref="CapabilityScan"/>. A broken server is a failed result, never an exception.
/// </summary>
public sealed class ToolScanner(McpServerCatalog catalog, McpServerProbe probe, TimeProvider time)
{
    /// <summary>Scans the servers configured for <paramref name="targetPath"/>.</summary>
    /// <param name="targetPath">A repository whose <c>.mcp.json</c> is read too, or null.</param>
    /// <param name="parallel">Scan all servers at once (true) or one after another (false).</param>
    /// <param name="cancellationToken">Stops the scan.</param>
    /// <exception cref="McpConfigException">A configuration is invalid.</exception>
    public Task<CapabilityScan> ScanAsync(string? targetPath, bool parallel, CancellationToken cancellationToken) =>
        ScanAsync(catalog.Collect(targetPath), targetPath is null ? null : Path.GetFullPath(targetPath), parallel, cancellationToken);

    /// <summary>Scans the given <paramref name="servers"/>.</summary>
    public async Task<CapabilityScan> ScanAsync(IReadOnlyList<McpServerEntry> servers, string? targetPath, bool parallel, CancellationToken cancellationToken)
    {
        ServerScanResult[] results;
        if (parallel)
        {
            results = await Task.WhenAll(servers.Select(s => Task.Run(() => probe.ProbeAsync(s, cancellationToken), cancellationToken))).ConfigureAwait(false);
        }
        else
        {
            results = new ServerScanResult[servers.Count];
            for (var i = 0; i < servers.Count; i++) results[i] = await probe.ProbeAsync(servers[i], cancellationToken).ConfigureAwait(false);
        }
        return new CapabilityScan(time.GetUtcNow(), targetPath, results);
    }
}
