using Agent.Activities.Discovery.Persistence;

namespace Agent.Activities.Discovery;

/// <summary>
/// Scans every configured MCP server (<see cref="ToolScanner"/>), tags their tools and records the capability map and its
/// history (<see cref="CapabilityStore"/>). Servers that fail are reported in the scan, not as a fault.
/// </summary>
[Activity("Agent", "Capability discovery", "Scans the configured MCP servers, tags their tools with capabilities and records the capability map.", DisplayName = "Discover Capabilities")]
public sealed class DiscoverCapabilities : IActivity
{
    /// <summary>A repository whose <c>.mcp.json</c> is scanned as well.</summary>
    [Input(Description = "Optional: a repository whose .mcp.json servers are scanned too.", Order = 0)]
    public Input<string?> TargetPath { get; set; } = null!;

    /// <summary>The scan report.</summary>
    [Output(Description = "scannedAt, targetPath, servers: [{name, source, transport, status, error, stderrTail, tools: [{name, description, capabilities}], resources, prompts}].")]
    public Output<object> Scan { get; set; } = null!;

    /// <summary>What changed since the previous scans.</summary>
    [Output(Description = "Tool changes: [{server, tool, kind (Appeared|Changed|Disappeared), at, oldSchemaHash, newSchemaHash}].")]
    public Output<List<object>> Changes { get; set; } = null!;

    /// <summary>How many servers failed.</summary>
    [Output(Description = "The number of servers that could not be scanned.")]
    public Output<int> FailedServers { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var target = context.Get(TargetPath);
        CapabilityScan scan;
        try
        {
            scan = await context.GetRequiredService<ToolScanner>().ScanAsync(string.IsNullOrWhiteSpace(target) ? null : target, parallel: true, context.CancellationToken);
        }
        catch (Exception e) when (e is McpConfigException or CapabilityTaxonomyException)
        {
            throw new WorkflowFaultException($"{context.ActivityId}: {e.Message}", "discovery-invalid-config");
        }
        var changes = await context.GetRequiredService<CapabilityStore>().RecordAsync(scan, context.CancellationToken);
        context.Set(Scan, ScanReport.From(scan));
        context.Set(Changes, changes.Cast<object>().ToList());
        context.Set(FailedServers, scan.Servers.Count(s => s.Status == ServerScanStatus.Failed));
        context.Complete();
    }
}
