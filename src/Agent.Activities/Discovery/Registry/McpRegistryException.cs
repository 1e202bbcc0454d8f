namespace Agent.Activities.Discovery.Registry;

/// <summary>A server source (the MCP Registry or the local catalog) could not be read; the message says what failed and what to do.</summary>
public sealed class McpRegistryException(string message, Exception? inner = null) : Exception(message, inner);
