using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Agent.Testing;

/// <summary>
/// An MCP Registry (API v0.1) on loopback: <c>GET /v0.1/servers?search=&amp;limit=&amp;cursor=&amp;version=latest</c>
/// answers <c>{"servers":[{"server":…,"_meta":…}],"metadata":{"nextCursor","count"}}</c> from the servers it was given,
/// filtered by name substring and paged by <c>limit</c>. <see cref="Failure"/> makes it answer 500 or malformed JSON.
/// </summary>
public sealed class LoopbackMcpRegistry : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<JsonObject> _servers = [];
    private readonly List<string> _requests = [];
    private readonly Task _loop;

    private LoopbackMcpRegistry(int port)
    {
        BaseUrl = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(BaseUrl + "/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>The registry's address (no trailing slash).</summary>
    public string BaseUrl { get; }

    /// <summary>How it answers: <c>null</c> normally, <c>"500"</c> with an HTTP 500, <c>"malformed"</c> with broken JSON.</summary>
    public string? Failure { get; set; }

    /// <summary>The path and query of every request, in order.</summary>
    public IReadOnlyList<string> Requests
    {
        get { lock (_requests) return [.. _requests]; }
    }

    /// <summary>Starts a registry on a free loopback port.</summary>
    public static LoopbackMcpRegistry Start()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new LoopbackMcpRegistry(port);
    }

    /// <summary>Adds a server.json.</summary>
    public LoopbackMcpRegistry Add(string serverJson)
    {
        lock (_servers) _servers.Add(JsonNode.Parse(serverJson)!.AsObject());
        return this;
    }

    /// <summary>A server.json for an npm package with a stdio transport.</summary>
    public static string NpmServer(string name, string identifier, string version, string description = "", params string[] positionalArguments) =>
        new JsonObject
        {
            ["name"] = name, ["description"] = description, ["version"] = version,
            ["repository"] = new JsonObject { ["url"] = "https://github.com/modelcontextprotocol/servers", ["source"] = "github" },
            ["packages"] = new JsonArray(new JsonObject
            {
                ["registryType"] = "npm", ["registryBaseUrl"] = "https://registry.npmjs.org", ["identifier"] = identifier, ["version"] = version,
                ["transport"] = new JsonObject { ["type"] = "stdio" }, ["runtimeHint"] = "npx",
                ["packageArguments"] = new JsonArray([.. positionalArguments.Select(a => (JsonNode)new JsonObject { ["type"] = "positional", ["value"] = a })]),
            }),
        }.ToJsonString();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            try { await AnswerAsync(context); }
            catch (Exception e) when (e is HttpListenerException or IOException) { /* the client went away */ }
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var url = context.Request.Url!;
        lock (_requests) _requests.Add(url.PathAndQuery);
        var (status, body) = Failure switch
        {
            "500" => (500, "{\"title\":\"Internal Server Error\",\"status\":500}"),
            "malformed" => (200, "{\"servers\": [{\"server\": {\"name\": \"io.github.x/y\", "),
            _ when url.AbsolutePath.TrimEnd('/') != "/v0.1/servers" => (404, "{\"title\":\"Not Found\",\"status\":404}"),
            _ => (200, Page(url)),
        };
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var bytes = Encoding.UTF8.GetBytes(body);
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    private string Page(Uri url)
    {
        var query = System.Web.HttpUtility.ParseQueryString(url.Query);
        var search = query["search"] ?? "";
        var limit = int.TryParse(query["limit"], out var l) && l > 0 ? l : 30;
        var offset = int.TryParse(query["cursor"], out var c) ? c : 0;
        List<JsonObject> matching;
        lock (_servers) matching = [.. _servers.Where(s => s["name"]!.GetValue<string>().Contains(search, StringComparison.OrdinalIgnoreCase))];
        var page = matching.Skip(offset).Take(limit).ToList();
        var next = offset + page.Count < matching.Count ? (offset + page.Count).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        var servers = new JsonArray([.. page.Select(s => (JsonNode)new JsonObject
        {
            ["server"] = s.DeepClone(),
            ["_meta"] = new JsonObject { ["io.modelcontextprotocol.registry/official"] = new JsonObject { ["status"] = "active", ["isLatest"] = true } },
        })]);
        var metadata = new JsonObject { ["count"] = page.Count };
        if (next is not null) metadata["nextCursor"] = next;
        return new JsonObject { ["servers"] = servers, ["metadata"] = metadata }.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
