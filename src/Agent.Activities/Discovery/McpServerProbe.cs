using System.Diagnostics;
using System.Reflection;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Discovery;

/// <summary>
/// Scans one MCP server: starts or connects to it with the ModelContextProtocol client, waits for <c>initialize</c>,
/// lists its tools, resources and prompts, and tags the tools. Never throws for a broken server: a server that does not
/// start, does not answer within <see cref="DiscoveryOptions.ServerTimeout"/>, or breaks JSON-RPC yields a failed result
/// with the reason and its stderr tail.
/// </summary>
public sealed class McpServerProbe(IOptions<DiscoveryOptions> options, CapabilityTaxonomyProvider taxonomy)
{
    // How long a stdio server whose pipe broke gets to be seen exiting: the client may notice the broken pipe or the
    // end of stdout a moment before the process is reaped, and the exit code is what tells the user why.
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(2);
    private static readonly string ClientVersion = typeof(McpServerProbe).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "1.0";

    /// <summary>Scans <paramref name="server"/>; only <paramref name="cancellationToken"/> (not the server) can make it throw.</summary>
    public async Task<ServerScanResult> ProbeAsync(McpServerEntry server, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var stderr = new LineTail(settings.StderrTailLines);
        var log = new TransportLog(settings.StderrTailLines);
        var watch = Stopwatch.StartNew();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.ServerTimeout);
        var stage = "starting";
        StdioServerProcess? process = null;
        try
        {
            IClientTransport transport;
            if (server.Transport == McpTransportKind.Stdio)
            {
                process = StdioServerProcess.Start(server, stderr, settings.ShutdownGrace);
                transport = process.Transport(log);
            }
            else
            {
                transport = CreateHttpTransport(server, log);
            }
            stage = "waiting for its answer to 'initialize'";
            var clientOptions = new McpClientOptions
            {
                ClientInfo = new Implementation { Name = "agent-capability-discovery", Version = ClientVersion },
                InitializationTimeout = settings.ServerTimeout,
            };
            await using var client = await McpClient.CreateAsync(transport, clientOptions, log, deadline.Token).ConfigureAwait(false);
            stage = "listing its tools";
            var tools = await client.ListToolsAsync(cancellationToken: deadline.Token).ConfigureAwait(false);
            var resources = new List<string>();
            if (client.ServerCapabilities.Resources is not null)
            {
                stage = "listing its resources";
                resources.AddRange((await client.ListResourcesAsync(cancellationToken: deadline.Token).ConfigureAwait(false)).Select(r => r.Uri));
            }
            var prompts = new List<string>();
            if (client.ServerCapabilities.Prompts is not null)
            {
                stage = "listing its prompts";
                prompts.AddRange((await client.ListPromptsAsync(cancellationToken: deadline.Token).ConfigureAwait(false)).Select(p => p.Name));
            }
            var tagged = tools.Select(t => Describe(server.Name, t.ProtocolTool)).ToList();
            return Result(server, ServerScanStatus.Ok, null, stderr, tagged, resources, prompts, watch.Elapsed);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not CapabilityTaxonomyException)
        {
            var timedOut = deadline.IsCancellationRequested || e is TimeoutException;
            // A server that answered with a JSON-RPC error is alive; any other failure of a stdio server may be its exit,
            // seen by the client as a broken or closed pipe or as the end of its stdout, whichever came first.
            var exitCode = process is not null && !timedOut && e is not McpProtocolException
                ? await process.ExitCodeAsync(ExitWait, cancellationToken).ConfigureAwait(false)
                : null;
            var reason = timedOut
                ? $"no answer within {settings.ServerTimeout.TotalSeconds:0.#} s while {stage}; check that the server speaks MCP over {server.TransportName} (raise Discovery:ServerTimeout if it is only slow)"
                : NotStarted(e)
                    ? $"could not be started: {Flatten(e)}; check the command ('{server.Command ?? server.Url?.ToString()}') and that it is installed"
                    : exitCode is { } code
                        ? $"exited with code {code} while {stage}: {Flatten(e)}; see its stderr for why"
                        : server.Transport == McpTransportKind.Stdio && PipeClosed(e)
                        ? $"exited (or closed its stdin) while {stage}: {Flatten(e)}; see its stderr for why"
                        : $"failed while {stage}: {Flatten(e)}";
            if (server.Transport == McpTransportKind.Stdio)
                await stderr.SettleAsync(TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            if (log.NotJsonRpcCount > 0)
                reason += $". It wrote {log.NotJsonRpcCount} line(s) to stdout that are not JSON-RPC, e.g. '{log.NotJsonRpc[0]}': stdout must carry only MCP messages (log to stderr)";
            if (log.Problems.Count > 0) reason += $". The MCP client reported: {string.Join(" | ", log.Problems.Take(3))}";
            return Result(server, ServerScanStatus.Failed, reason, stderr, [], [], [], watch.Elapsed);
        }
        finally
        {
            if (process is not null) await process.DisposeAsync().ConfigureAwait(false);
        }
    }

    private ToolDescriptor Describe(string server, Tool tool) =>
        new(server, tool.Name, tool.Description, tool.InputSchema.Clone(), taxonomy.Taxonomy.Tag(tool.Name, tool.Description, tool.InputSchema));

    private HttpClientTransport CreateHttpTransport(McpServerEntry server, TransportLog log)
    {
        var transportOptions = new HttpClientTransportOptions
        {
            Name = server.Name,
            Endpoint = server.Url!,
            TransportMode = server.Transport == McpTransportKind.Sse ? HttpTransportMode.Sse : HttpTransportMode.StreamableHttp,
            AdditionalHeaders = server.Headers.ToDictionary(p => p.Key, p => p.Value),
            ConnectionTimeout = options.Value.ServerTimeout,
        };
        return new HttpClientTransport(transportOptions, log);
    }

    private static ServerScanResult Result(McpServerEntry server, ServerScanStatus status, string? error, LineTail stderr, IReadOnlyList<ToolDescriptor> tools, IReadOnlyList<string> resources, IReadOnlyList<string> prompts, TimeSpan duration) =>
        new(server.Name, server.Source, server.TransportName, status, error, stderr.Lines(), tools, resources, prompts, duration);

    // The process could not be launched at all (missing program, no permission): Process.Start (or the SDK's HTTP
    // client) reports the OS error. A socket
    // error is a Win32Exception too, but it means the process ran and went away (see PipeClosed).
    private static bool NotStarted(Exception e) =>
        Chain(e).Any(c => c is System.ComponentModel.Win32Exception and not System.Net.Sockets.SocketException);

    // The pipe to a stdio server broke (EPIPE) but the process was not seen to exit within ExitWait: it closed its
    // stdin or stdout and lingers, which means the same to the user as an exit.
    private static bool PipeClosed(Exception e) =>
        Chain(e).Any(c => c is ClientTransportClosedException || c is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.Shutdown } || (c is IOException && c.Message.Contains("Broken pipe", StringComparison.OrdinalIgnoreCase)));

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (var current = e; current is not null; current = current.InnerException) yield return current;
    }

    private static string Flatten(Exception e)
    {
        var messages = new List<string>();
        for (var current = e; current is not null && messages.Count < 4; current = current.InnerException)
        {
            if (!messages.Contains(current.Message)) messages.Add(current.Message);
        }
        return string.Join(" → ", messages);
    }
}
