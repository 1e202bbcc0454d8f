namespace Agent.Activities.Discovery;

/// <summary>Where a server's configuration came from.</summary>
public enum McpServerSource
{
    /// <summary>The agent's own configuration (<c>Discovery:Servers</c>).</summary>
    Agent,

    /// <summary>The target repository's <c>.mcp.json</c>.</summary>
    Target,

    /// <summary>Claude Code's user configuration (<c>~/.claude.json</c>).</summary>
    User,
}

/// <summary>How the agent talks to a server.</summary>
public enum McpTransportKind
{
    /// <summary>A child process speaking JSON-RPC over stdin/stdout.</summary>
    Stdio,

    /// <summary>MCP Streamable HTTP.</summary>
    Http,

    /// <summary>The older HTTP + server-sent events transport.</summary>
    Sse,
}

/// <summary>One MCP server to scan, validated and normalised from any configuration source.</summary>
/// <param name="Name">Its configured name (unique within a scan).</param>
/// <param name="Source">Where it was configured.</param>
/// <param name="Transport">How to reach it.</param>
/// <param name="Command">The program of a stdio server, else null.</param>
/// <param name="Args">Its arguments.</param>
/// <param name="Env">Environment variables for a stdio server.</param>
/// <param name="WorkingDirectory">The working directory of a stdio server (the target for a target's servers), or null.</param>
/// <param name="Url">The endpoint of an HTTP/SSE server, else null.</param>
/// <param name="Headers">Headers for an HTTP/SSE server.</param>
public sealed record McpServerEntry(
    string Name,
    McpServerSource Source,
    McpTransportKind Transport,
    string? Command,
    IReadOnlyList<string> Args,
    IReadOnlyDictionary<string, string> Env,
    string? WorkingDirectory,
    Uri? Url,
    IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>The transport's name as the scan reports it: <c>stdio</c>, <c>http</c> or <c>sse</c>.</summary>
    public string TransportName => Transport.ToString().ToLowerInvariant();
}
