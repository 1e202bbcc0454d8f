using Microsoft.Extensions.DependencyInjection;

namespace Agent.Server.Mcp;

/// <summary>Registers the MCP server with the Claude tools; the caller adds the transport (stdio or HTTP).</summary>
public static class McpServerSetup
{
    /// <summary>The MCP server's name as clients see it.</summary>
    public const string ServerName = "agent";

    /// <summary>Adds the MCP server with <see cref="ClaudeTools"/>, <see cref="CycleTools"/>, <see cref="DiscoveryTools"/>, <see cref="CapabilityTools"/>, <see cref="AgentMessagingTools"/> and <see cref="AgentTaskTools"/>.</summary>
    public static IMcpServerBuilder AddAgentMcpServer(this IServiceCollection services) =>
        services.AddMcpServer(o => o.ServerInfo = new() { Name = ServerName, Version = typeof(McpServerSetup).Assembly.GetName().Version?.ToString() ?? "0" })
            .WithTools<ClaudeTools>()
            .WithTools<CycleTools>()
            .WithTools<DiscoveryTools>()
            .WithTools<CapabilityTools>()
            .WithTools<AgentMessagingTools>()
            .WithTools<AgentTaskTools>();
}
