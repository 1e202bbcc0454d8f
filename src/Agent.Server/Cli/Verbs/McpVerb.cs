using Agent.Server.Hosting;
using Agent.Server.Mcp;

namespace Agent.Server.Cli.Verbs;

/// <summary>
/// <c>agent mcp</c>: serves the Claude tools over MCP on stdin/stdout until the client closes the pipe. Stdout carries
/// only the MCP protocol; every log line goes to stderr (the host's console logger is configured that way).
/// </summary>
public sealed class McpVerb : Verb
{
    /// <summary>Creates the verb.</summary>
    public McpVerb(CliContext context)
        : base(context, "mcp", "Serve the MCP tools (claude_run, claude_run_batch, claude_run_async, jobs) over stdio, e.g. for 'claude mcp add agent -- ./agent mcp'.")
    {
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(System.CommandLine.ParseResult parse, CancellationToken cancellationToken)
    {
        var builder = AgentHost.CreateCliBuilder(Context.SettingsFor(parse));
        builder.Services.AddAgentMcpServer().WithStdioServerTransport();
        using var host = builder.Build();
        await host.RunAsync(cancellationToken);
        return ExitCodes.Success;
    }
}
