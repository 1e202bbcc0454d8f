using System.ComponentModel;
using Agent.Activities.Discovery.Integration;
using Agent.Activities.Discovery.Registry;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace Agent.Server.Mcp;

/// <summary>MCP tools for integrating MCP servers: search, integrate, remove. Thin: <see cref="IntegrationService"/> does the work.</summary>
[McpServerToolType]
public sealed class CapabilityTools(IntegrationService integration)
{
    /// <summary>Searches the local catalog and the MCP Registry.</summary>
    [McpServerTool(Name = "capabilities_search"), Description("Searches the local server catalog and the MCP Registry for MCP servers whose name contains the text: name, version, description, packages, remotes, source.")]
    public async Task<IReadOnlyList<ServerCandidate>> SearchAsync(
        [Description("Part of the server's registry name, e.g. memory.")] string text,
        CancellationToken cancellationToken = default) =>
        await Guard(() => integration.SearchAsync(text, cancellationToken));

    /// <summary>Installs, probes and adds a server to a target's <c>.mcp.json</c>.</summary>
    [McpServerTool(Name = "capability_integrate"), Description("Installs a registry MCP server into its sandbox, probes it, and adds it to the target's .mcp.json — at once when Discovery:AutoApprove allows the server, otherwise after an approval (the result names its id; decide with approval_decide). A failed probe leaves .mcp.json unchanged and says why.")]
    public async Task<IntegrationResult> IntegrateAsync(
        [Description("The server's registry name, e.g. io.github.modelcontextprotocol/server-memory.")] string name,
        [Description("The absolute path of the folder whose .mcp.json gets the server.")] string target,
        [Description("A capability the server must provide after the probe, e.g. memory.store (optional).")] string? capability = null,
        CancellationToken cancellationToken = default) =>
        await Guard(() => integration.IntegrateAsync(new IntegrationRequest { Target = target, ServerName = name, Capability = capability }, approvedBy: null, cancellationToken));

    /// <summary>Removes an integrated server.</summary>
    [McpServerTool(Name = "capability_remove"), Description("Removes a server from the target's .mcp.json and deletes its sandbox folder.")]
    public async Task<IntegrationAttempt> RemoveAsync(
        [Description("The server's name in .mcp.json, e.g. server-memory.")] string name,
        [Description("The absolute path of the folder whose .mcp.json has the server.")] string target,
        CancellationToken cancellationToken = default) =>
        await Guard(() => integration.RemoveAsync(name, target, cancellationToken));

    private static async Task<T> Guard<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (IntegrationException e)
        {
            throw new McpProtocolException(e.Message, McpErrorCode.InvalidParams);
        }
        catch (McpRegistryException e)
        {
            throw new McpProtocolException(e.Message, McpErrorCode.InternalError);
        }
    }
}
