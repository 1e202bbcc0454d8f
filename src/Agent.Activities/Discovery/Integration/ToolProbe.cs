using System.Text.Json;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Agent.Activities.Discovery.Integration;

/// <summary>
/// Starts a server as Claude Code would (the same command, arguments and environment), lists its tools and makes one
/// probe call: read-only tools first, then those needing the fewest arguments, with minimal arguments built from the
/// schema (<see cref="ProbeArguments"/>). Every failure — the server exits, does not answer within
/// <see cref="IntegrationOptions.ProbeTimeout"/>, lists no tools, or the call errors — is a report, not an exception.
/// </summary>
public sealed class ToolProbe(IOptions<IntegrationOptions> options)
{
    /// <summary>Probes the server <paramref name="launch"/> describes; the server is stopped afterwards.</summary>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public async Task<ProbeReport> ProbeAsync(string name, ServerLaunch launch, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.ProbeTimeout);
        var stderr = new StderrLines();
        IReadOnlyList<ProbedTool> tools = [];
        try
        {
            await using var client = await McpClient.CreateAsync(Transport(name, launch, stderr), cancellationToken: timeout.Token);
            var listed = await client.ListToolsAsync(cancellationToken: timeout.Token);
            tools = [.. listed.Select(t => new ProbedTool(t.Name, t.Description, t.ProtocolTool.InputSchema, t.ProtocolTool.Annotations?.ReadOnlyHint == true))];
            if (tools.Count == 0) return new ProbeReport { Succeeded = false, Reason = $"{name} started but lists no tools." };
            var chosen = tools.OrderByDescending(t => t.ReadOnly).ThenBy(t => ProbeArguments.RequiredCount(t.InputSchema)).ThenBy(t => t.Name, StringComparer.Ordinal).First();
            var arguments = ProbeArguments.For(chosen.InputSchema);
            var argumentsJson = JsonSerializer.Serialize(arguments);
            var result = await client.CallToolAsync(chosen.Name, arguments, cancellationToken: timeout.Token);
            var text = Shorten(string.Join(" ", result.Content.OfType<TextContentBlock>().Select(c => c.Text)));
            return result.IsError == true
                ? new ProbeReport { Succeeded = false, Reason = $"The probe call {chosen.Name}({argumentsJson}) returned an error: {text}", Tools = tools, ProbeTool = chosen.Name, ProbeArgumentsJson = argumentsJson, ProbeResult = text }
                : new ProbeReport { Succeeded = true, Tools = tools, ProbeTool = chosen.Name, ProbeArgumentsJson = argumentsJson, ProbeResult = text };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ProbeReport { Succeeded = false, Tools = tools, Reason = $"{name} did not answer within {options.Value.ProbeTimeout}.{stderr.Suffix}" };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new ProbeReport { Succeeded = false, Tools = tools, Reason = $"{name} failed during the probe: {e.Message}{stderr.Suffix}" };
        }
    }

    private static IClientTransport Transport(string name, ServerLaunch launch, StderrLines stderr)
    {
        var entry = launch.Entry;
        if (entry.Type != "stdio")
            return new HttpClientTransport(new HttpClientTransportOptions
            {
                Name = name, Endpoint = new Uri(entry.Url!), TransportMode = entry.Type == "sse" ? HttpTransportMode.Sse : HttpTransportMode.StreamableHttp,
            });
        return new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = name, Command = entry.Command!, Arguments = [.. entry.Args], WorkingDirectory = launch.SandboxDirectory,
            EnvironmentVariables = launch.ProbeEnvironment.ToDictionary(kv => kv.Key, kv => (string?)kv.Value),
            StandardErrorLines = stderr.Add,
        });
    }

    private static string Shorten(string text) => text.Length <= 500 ? text : text[..500] + "…";

    /// <summary>The last lines a server wrote to stderr, for the failure reason.</summary>
    private sealed class StderrLines
    {
        private readonly Queue<string> _lines = new();

        public void Add(string line)
        {
            lock (_lines)
            {
                _lines.Enqueue(line);
                while (_lines.Count > 8) _lines.Dequeue();
            }
        }

        public string Suffix
        {
            get
            {
                lock (_lines) return _lines.Count == 0 ? "" : " Its stderr: " + Shorten(string.Join(" | ", _lines));
            }
        }
    }
}
