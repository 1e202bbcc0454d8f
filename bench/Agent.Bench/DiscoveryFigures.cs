using System.Diagnostics;
using Agent.Activities.Discovery;
using Agent.Server.Hosting;
using Agent.Server.Serve;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Agent.Bench;

/// <summary>
/// Figure <c>discovery</c>: <c>discovery-scan-parallel-vs-serial</c> — one scan of the three npm MCP servers of
/// <c>tools/mcp-servers</c> (stdio, each a fresh node process) plus the agent's own MCP server (Streamable HTTP, in this
/// process), all at once against one after another. Parallel and serial runs alternate in the same run; the figure is the
/// median of serial ÷ parallel wall time, with its spread.
/// </summary>
public sealed class DiscoveryFigures(BenchOptions options, Report report)
{
    public async Task RunAsync()
    {
        var root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "agent-bench-discovery", Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            await using var app = AgentServer.Build(BenchServer.Settings(root));
            await app.StartAsync();
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            var servers = Servers(root, new Uri(address, "/mcp"));
            var discovery = Options.Create(new DiscoveryOptions
            {
                ServerTimeout = TimeSpan.FromSeconds(60),
                IncludeUserConfig = false,
                TaxonomyPath = Path.Combine(BenchServer.RepositoryRoot(), CapabilityTaxonomy.FileName),
            });
            var scanner = new ToolScanner(new McpServerCatalog(discovery), new McpServerProbe(discovery, new CapabilityTaxonomyProvider(discovery)), TimeProvider.System);

            await ScanAsync(scanner, servers, parallel: true); // warm-up: node's compile cache, our JIT, the server's first request
            var repeats = options.Quick ? 3 : 7;
            var ratios = new List<double>();
            var parallelMs = new List<double>();
            var serialMs = new List<double>();
            for (var r = 0; r < repeats; r++)
            {
                // Alternate which goes first, so neither side always meets a warmer machine.
                double p, s;
                if (r % 2 == 0)
                {
                    p = await ScanAsync(scanner, servers, parallel: true);
                    s = await ScanAsync(scanner, servers, parallel: false);
                }
                else
                {
                    s = await ScanAsync(scanner, servers, parallel: false);
                    p = await ScanAsync(scanner, servers, parallel: true);
                }
                parallelMs.Add(p);
                serialMs.Add(s);
                ratios.Add(s / p);
                Report.Progress($"discovery repeat {r + 1}: parallel {Report.F(p, "0")} ms, serial {Report.F(s, "0")} ms, ratio {Report.F(s / p, "0.00")}");
            }
            var ratio = Stats.Median(ratios);
            report.Figure("discovery-scan-parallel-vs-serial", Report.F(ratio, "0.00"), ">= 1.5", Math.Round(ratio, 2) >= 1.5,
                $"median of {repeats}, spread {Report.F(ratios.Min(), "0.00")}-{Report.F(ratios.Max(), "0.00")}: {servers.Count} servers (3 npm over stdio + ours over HTTP), " +
                $"parallel {Report.F(Stats.Median(parallelMs), "0")} ms, serial {Report.F(Stats.Median(serialMs), "0")} ms, {Environment.ProcessorCount} cores");
            await app.StopAsync();
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { /* the memory server may still flush; temp is cleaned eventually */ }
        }
    }

    private static async Task<double> ScanAsync(ToolScanner scanner, IReadOnlyList<McpServerEntry> servers, bool parallel)
    {
        var watch = Stopwatch.StartNew();
        var scan = await scanner.ScanAsync(servers, null, parallel, CancellationToken.None);
        var ms = watch.Elapsed.TotalMilliseconds;
        Report.Progress($"  {(parallel ? "parallel" : "serial")}: {string.Join(", ", scan.Servers.Select(s => $"{s.Name} {Report.F(s.Duration.TotalMilliseconds, "0")} ms"))}");
        if (scan.Servers.FirstOrDefault(s => s.Status != ServerScanStatus.Ok) is { } failed)
            throw new InvalidOperationException($"server {failed.Name} failed: {failed.Error} {string.Join(" / ", failed.StderrTail)}");
        return ms;
    }

    private static List<McpServerEntry> Servers(string root, Uri ours)
    {
        var bin = Path.Combine(BenchServer.RepositoryRoot(), "tools", "mcp-servers", "node_modules", ".bin");
        if (!Directory.Exists(bin)) throw new InvalidOperationException($"{bin} is missing: run tools/mcp-servers/ensure-installed.sh first.");
        var noEnv = new Dictionary<string, string>();
        McpServerEntry Stdio(string name, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> env) =>
            new(name, McpServerSource.Agent, McpTransportKind.Stdio, Path.Combine(bin, $"mcp-server-{name}"), args, env, root, null, noEnv);
        return
        [
            Stdio("everything", [], noEnv),
            Stdio("filesystem", [root], noEnv),
            Stdio("memory", [], new Dictionary<string, string> { ["MEMORY_FILE_PATH"] = Path.Combine(root, "memory.jsonl") }),
            new("agent", McpServerSource.Agent, McpTransportKind.Http, null, [], noEnv, null, ours, new Dictionary<string, string> { ["Authorization"] = $"ApiKey {BenchServer.ApiKey}" }),
        ];
    }
}
