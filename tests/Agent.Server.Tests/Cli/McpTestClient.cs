using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Agent.Server.Tests.Cli;

/// <summary>The official MCP SDK client against a server's <c>/mcp</c> endpoint (Streamable HTTP, with an API key).</summary>
internal static class McpTestClient
{
    /// <summary>Connects to <c>/mcp</c> of the server at <paramref name="server"/>, sending <paramref name="apiKey"/>.</summary>
    public static Task<McpClient> ConnectAsync(Uri server, string apiKey, CancellationToken cancellationToken) => McpClient.CreateAsync(
        new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(server, "/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"ApiKey {apiKey}" },
        }),
        cancellationToken: cancellationToken);

    /// <summary>The text a tool returned (its text blocks, joined).</summary>
    public static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(b => b.Text));
}
