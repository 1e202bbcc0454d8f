namespace Agent.Activities.Discovery.Integration;

/// <summary>
/// A server ready to start: the entry written into <c>.mcp.json</c>, the environment the probe starts it with
/// (references of the entry resolved from the agent's own environment), and its sandbox folder (null for a remote server).
/// </summary>
/// <param name="Entry">The <c>.mcp.json</c> entry.</param>
/// <param name="ProbeEnvironment">The variables the probe passes to the process.</param>
/// <param name="SandboxDirectory">The folder the package was installed into.</param>
/// <param name="Package">What was installed, e.g. <c>npm @modelcontextprotocol/server-memory@2026.8.31</c>, or the remote's address.</param>
public sealed record ServerLaunch(McpJsonEntry Entry, IReadOnlyDictionary<string, string> ProbeEnvironment, string? SandboxDirectory, string Package);
