namespace Agent.Activities.Discovery;

/// <summary>Whether a server could be scanned.</summary>
public enum ServerScanStatus
{
    /// <summary>It answered <c>initialize</c> and listed what it offers.</summary>
    Ok,

    /// <summary>It did not start, did not answer in time, or broke the protocol; see <see cref="ServerScanResult.Error"/>.</summary>
    Failed,
}

/// <summary>What one server offers, or why it could not be scanned.</summary>
/// <param name="Name">Its configured name.</param>
/// <param name="Source">Where it was configured.</param>
/// <param name="Transport"><c>stdio</c>, <c>http</c> or <c>sse</c>.</param>
/// <param name="Status">Ok or failed.</param>
/// <param name="Error">Why it failed (null when ok): what happened and what to check.</param>
/// <param name="StderrTail">The last lines the server wrote to stderr (stdio servers).</param>
/// <param name="Tools">Its tools, tagged.</param>
/// <param name="Resources">The URIs of its resources.</param>
/// <param name="Prompts">The names of its prompts.</param>
/// <param name="Duration">How long the scan of this server took.</param>
public sealed record ServerScanResult(
    string Name,
    McpServerSource Source,
    string Transport,
    ServerScanStatus Status,
    string? Error,
    IReadOnlyList<string> StderrTail,
    IReadOnlyList<ToolDescriptor> Tools,
    IReadOnlyList<string> Resources,
    IReadOnlyList<string> Prompts,
    TimeSpan Duration);

/// <summary>One scan of every configured server.</summary>
/// <param name="ScannedAt">When the scan finished.</param>
/// <param name="TargetPath">The target repository whose <c>.mcp.json</c> was read, or null.</param>
/// <param name="Servers">One result per server, in configuration order.</param>
public sealed record CapabilityScan(DateTimeOffset ScannedAt, string? TargetPath, IReadOnlyList<ServerScanResult> Servers)
{
    /// <summary>Every tool of every server that answered.</summary>
    public IEnumerable<ToolDescriptor> Tools => Servers.SelectMany(s => s.Tools);

    /// <summary>Every capability some tool provides.</summary>
    public IReadOnlySet<string> Capabilities => Tools.SelectMany(t => t.Capabilities).ToHashSet(StringComparer.Ordinal);
}
