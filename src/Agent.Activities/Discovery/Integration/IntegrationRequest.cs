namespace Agent.Activities.Discovery.Integration;

/// <summary>What to integrate into which target: a server by its registry name, or whatever server provides a capability.</summary>
public sealed record IntegrationRequest
{
    /// <summary>The folder whose <c>.mcp.json</c> gets the server; it must exist.</summary>
    public required string Target { get; init; }

    /// <summary>The server's registry name (exact), e.g. <c>io.github.modelcontextprotocol/server-memory</c>.</summary>
    public string? ServerName { get; init; }

    /// <summary>The capability wanted, e.g. <c>memory.store</c>; with <see cref="ServerName"/> it is checked after the probe.</summary>
    public string? Capability { get; init; }

    /// <summary>The workflow instance that asks (set by <see cref="IntegrateTool"/>), so the attempt can be found from it.</summary>
    public string? InstanceId { get; init; }
}
