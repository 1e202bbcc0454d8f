namespace Agent.Activities.Discovery;

/// <summary>An MCP server configuration that cannot be used; the message names the file (or section), the server and the fix.</summary>
public sealed class McpConfigException(string source, string? server, string problem)
    : Exception(server is null ? $"{source}: {problem}" : $"{source}: server '{server}': {problem}")
{
    /// <summary>The file or configuration section.</summary>
    public string ConfigSource { get; } = source;

    /// <summary>The server whose entry is wrong, or null when the whole file is.</summary>
    public string? Server { get; } = server;
}
