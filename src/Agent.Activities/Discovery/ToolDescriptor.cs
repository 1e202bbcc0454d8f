using System.Text.Json;

namespace Agent.Activities.Discovery;

/// <summary>One tool an MCP server lists, as discovery sees it.</summary>
/// <param name="Server">The configured name of the server that lists it.</param>
/// <param name="Name">The tool's name as the server reports it.</param>
/// <param name="Description">The tool's description, or null when the server gives none.</param>
/// <param name="InputSchema">The tool's JSON input schema, or null when the server gives none.</param>
/// <param name="Capabilities">The capability tags the taxonomy gives it (see <see cref="CapabilityTaxonomy.Tag"/>).</param>
public sealed record ToolDescriptor(
    string Server,
    string Name,
    string? Description,
    JsonElement? InputSchema,
    IReadOnlyList<string> Capabilities)
{
    /// <summary>The name Claude Code gives the tool: <c>mcp__{server}__{tool}</c>.</summary>
    public string QualifiedName => $"mcp__{Server}__{Name}";

    /// <summary>A stable hash of the input schema (SHA-256 of its canonical JSON, hex), empty when there is none.</summary>
    public string SchemaHash => SchemaHasher.Hash(InputSchema);
}
