using System.Reflection;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Coordination.Spawning;

/// <summary>
/// The MCP server entry that gives a spawned agent's Claude process the message bus and task tools (<c>agent_send</c>,
/// <c>agent_inbox</c>, <c>agent_ack</c>, <c>agent_task_heartbeat</c>): this agent's own <c>agent mcp</c> on stdio, on the same
/// coordination.db, with <c>ResumeOnSend</c> off (the sub-process runs no workflows; the server's poll delivers).
/// </summary>
[Activity("Agent", "Coordination", "Outputs the MCP server map (for ClaudeExecute's mcpServers) that gives a spawned agent the coordination tools.", DisplayName = "Coordination MCP Server")]
public sealed class CoordinationMcpServer : IActivity
{
    /// <summary>The server's name in the map (its tools show as <c>mcp__agent__agent_send</c> …).</summary>
    public const string ServerName = "agent";

    /// <summary>The environment variable carrying the agent's id, for the server and for prompts that mention it.</summary>
    public const string AgentIdVariable = "AGENT_COORDINATION_AGENT_ID";

    /// <summary>The agent the server is for.</summary>
    [Input(Description = "The id of the spawned agent.", Order = 0)]
    public Input<string> AgentId { get; set; } = null!;

    /// <summary>The map of one server.</summary>
    [Output(Description = "{ agent: { command, args, env } }, for ClaudeExecute's mcpServers input.")]
    public Output<object> Servers { get; set; } = null!;

    /// <inheritdoc />
    public ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var options = context.GetRequiredService<IOptions<CoordinationOptions>>().Value;
        var (command, args) = Command(options);
        // The configured extras first: the coordination settings below must not be overridden, or the sub-agent's
        // server would write to another database or resume workflows it cannot run.
        var env = new Dictionary<string, string>(options.McpEnvironment, StringComparer.Ordinal)
        {
            ["AGENT_Coordination__ResumeOnSend"] = "false",
            ["AGENT_Coordination__DatabasePath"] = options.DatabasePath,
            [AgentIdVariable] = context.Get(AgentId) ?? "",
        };
        context.Set(Servers, new Dictionary<string, object?>
        {
            [ServerName] = new Dictionary<string, object?>
            {
                ["command"] = command,
                ["args"] = args.Append("mcp").ToList(),
                ["env"] = env,
            },
        });
        context.Complete();
        return ValueTask.CompletedTask;
    }

    /// <summary>The configured command, or this process's own: an apphost directly, <c>dotnet</c> with the entry assembly.</summary>
    public static (string Command, IReadOnlyList<string> Args) Command(CoordinationOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.McpCommand)) return (options.McpCommand, options.McpArguments);
        var process = Environment.ProcessPath ?? "agent";
        var isDotnet = Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
        return isDotnet && Assembly.GetEntryAssembly()?.Location is { Length: > 0 } entry ? (process, [entry]) : (process, []);
    }
}
