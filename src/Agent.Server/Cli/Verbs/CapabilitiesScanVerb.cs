using Agent.Activities.Discovery;
using Agent.Activities.Discovery.Persistence;

namespace Agent.Server.Cli.Verbs;

/// <summary>
/// <c>agent capabilities scan [--target PATH] [--json]</c>: scans every configured MCP server (and PATH's
/// <c>.mcp.json</c>), tags the tools, records the capability map. Exit 0 even when some servers fail; a bad
/// configuration is a usage error.
/// </summary>
public sealed class CapabilitiesScanVerb : Verb
{
    private readonly Option<string?> _target = new("--target") { Description = "A repository whose .mcp.json servers are scanned as well." };
    private readonly Option<bool> _json = CommonOptions.Json("the scan (servers, their status and tagged tools)");

    /// <summary>Creates the verb.</summary>
    public CapabilitiesScanVerb(CliContext context)
        : base(context, "scan", "Scan the configured MCP servers (Discovery:Servers, the target's .mcp.json, ~/.claude.json), tag their tools with capabilities and record the map.")
    {
        Command.Add(_target);
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var target = parse.GetValue(_target);
        CapabilityScan scan;
        try
        {
            scan = await session.Get<ToolScanner>().ScanAsync(target, parallel: true, cancellationToken);
        }
        catch (Exception e) when (e is McpConfigException or CapabilityTaxonomyException)
        {
            throw new CliUsageException(e.Message);
        }
        var changes = await session.Get<CapabilityStore>().RecordAsync(scan, cancellationToken);
        if (parse.GetValue(_json))
        {
            Console.WriteLine(ScanReport.From(scan).ToJson());
            return ExitCodes.Success;
        }
        Write(scan, changes);
        return ExitCodes.Success;
    }

    private void Write(CapabilityScan scan, IReadOnlyList<ToolChange> changes)
    {
        if (scan.Servers.Count == 0) Console.WriteLine("No MCP servers are configured (Discovery:Servers, .mcp.json, ~/.claude.json).");
        foreach (var server in scan.Servers)
        {
            if (server.Status == ServerScanStatus.Ok)
            {
                Console.WriteLine($"{server.Name} ({server.Transport}, {server.Source.ToString().ToLowerInvariant()}): ok, {server.Tools.Count} tool(s), {server.Resources.Count} resource(s), {server.Prompts.Count} prompt(s)");
                foreach (var tool in server.Tools)
                    Console.WriteLine($"  {tool.Name}: {(tool.Capabilities.Count == 0 ? "-" : string.Join(", ", tool.Capabilities))}");
                continue;
            }
            Console.WriteLine($"{server.Name} ({server.Transport}, {server.Source.ToString().ToLowerInvariant()}): FAILED: {server.Error}");
            foreach (var line in server.StderrTail) Console.WriteLine($"  stderr: {line}");
        }
        foreach (var change in changes) Console.WriteLine($"{change.Kind.ToString().ToLowerInvariant()}: {change.Server}/{change.Tool}");
        var failed = scan.Servers.Count(s => s.Status == ServerScanStatus.Failed);
        Console.WriteLine($"{scan.Servers.Count} server(s), {failed} failed; capabilities: {(scan.Capabilities.Count == 0 ? "none" : string.Join(", ", scan.Capabilities.Order(StringComparer.Ordinal)))}");
    }
}
