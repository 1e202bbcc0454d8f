using System.ComponentModel;
using System.Text.Json;
using Agent.Activities.Discovery;
using Agent.Activities.Discovery.Analysis;
using Agent.Activities.Discovery.Persistence;
using Agent.Activities.Goals;
using ModelContextProtocol.Server;

namespace Agent.Server.Mcp;

/// <summary>MCP tools of capability discovery: the scan and the gap ranking. Thin: the work is done by the discovery services.</summary>
[McpServerToolType]
public sealed class DiscoveryTools(ToolScanner scanner, CapabilityStore store, CapabilityGapAnalyzer analyzer)
{
    /// <summary>Scans the configured MCP servers and records the capability map.</summary>
    [McpServerTool(Name = "capabilities_scan"), Description("Scans every configured MCP server (the agent's, the target's .mcp.json, ~/.claude.json), tags each tool with capabilities and records the map. Returns {servers: [{name, source, transport, status: ok|failed, error, stderrTail, tools: [{name, description, capabilities}], resources, prompts}]}; failed servers do not fail the call.")]
    public async Task<JsonElement> ScanAsync(
        [Description("Optional: a repository whose .mcp.json servers are scanned too.")] string? target = null,
        CancellationToken cancellationToken = default)
    {
        if (target is not null && !Directory.Exists(target)) throw McpArguments.Invalid("target", $"'{target}' is not an existing directory.");
        CapabilityScan scan;
        try
        {
            scan = await scanner.ScanAsync(target, parallel: true, cancellationToken);
        }
        catch (Exception e) when (e is McpConfigException or CapabilityTaxonomyException)
        {
            throw new ModelContextProtocol.McpProtocolException(e.Message, ModelContextProtocol.McpErrorCode.InvalidParams);
        }
        await store.RecordAsync(scan, cancellationToken);
        return JsonSerializer.SerializeToElement(ScanReport.From(scan), ScanReport.JsonOptions);
    }

    /// <summary>Ranks the capabilities that are needed but missing.</summary>
    [McpServerTool(Name = "capabilities_gaps"), Description("Ranks the capabilities that the target's goals (needs), its open gaps and failed runs need but no scanned tool provides: capability, evidence, impact, cost, priority and the reasons. Run capabilities_scan first.")]
    public async Task<JsonElement> GapsAsync(
        [Description("Optional: the repository whose goals and latest snapshot are read.")] string? target = null,
        CancellationToken cancellationToken = default)
    {
        if (target is not null && !Directory.Exists(target)) throw McpArguments.Invalid("target", $"'{target}' is not an existing directory.");
        try
        {
            return JsonSerializer.SerializeToElement(await analyzer.AnalyzeAsync(target, cancellationToken), ScanReport.JsonOptions);
        }
        catch (Exception e) when (e is GoalsFileException or CapabilityTaxonomyException)
        {
            throw new ModelContextProtocol.McpProtocolException(e.Message, ModelContextProtocol.McpErrorCode.InvalidParams);
        }
    }
}
