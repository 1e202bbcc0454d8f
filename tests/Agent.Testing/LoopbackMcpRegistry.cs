using System.Text.Json;
using System.Text.Json.Nodes;
using Agent.Testing.Http;

namespace Agent.Testing;

/// <summary>
/// An MCP Registry (API v0.1) on loopback: <c>GET /v0.1/servers?search=&amp;limit=&amp;cursor=&amp;version=latest</c>
/// answers <c>{"servers":[{"server":…,"_meta":…}],"metadata":{"nextCursor","count"}}</c> from the servers it was given,
/// filtered by name substring and paged by <c>limit</c>. <see cref="Failure"/> makes it answer 500 or malformed JSON.
/// </summary>
public sealed class LoopbackMcpRegistry : IAsyncDisposable
{
    private const string ServersPath = "/v0.1/servers";
    private readonly LoopbackHttpServer _http = new();
    private readonly List<JsonObject> _servers = [];

    private LoopbackMcpRegistry()
    {
        _http.Map(ServersPath, Answer).Map(ServersPath + "/", Answer);
    }

    /// <summary>The registry's address (no trailing slash).</summary>
    public string BaseUrl => _http.BaseAddress.ToString().TrimEnd('/');

    /// <summary>How it answers: <c>null</c> normally, <c>"500"</c> with an HTTP 500, <c>"malformed"</c> with broken JSON.</summary>
    public string? Failure { get; set; }

    /// <summary>The path and query of every request, in order.</summary>
    public IReadOnlyList<string> Requests => [.. _http.Requests.Select(r => r.PathAndQuery)];

    /// <summary>Starts a registry on a free loopback port.</summary>
    public static LoopbackMcpRegistry Start() => new();

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

    private LoopbackResponse Answer(LoopbackRequest request) => Failure switch
    {
        "500" => new LoopbackResponse(500, "{\"title\":\"Internal Server Error\",\"status\":500}"),
        "malformed" => LoopbackResponse.Json("{\"servers\": [{\"server\": {\"name\": \"io.github.x/y\", "),
        _ => LoopbackResponse.Json(Page(request.Query)),
    };

    private string Page(IReadOnlyDictionary<string, string> query)
    {
        var search = query.GetValueOrDefault("search") ?? "";
        var limit = int.TryParse(query.GetValueOrDefault("limit"), out var l) && l > 0 ? l : 30;
        var offset = int.TryParse(query.GetValueOrDefault("cursor"), out var c) ? c : 0;
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
    public ValueTask DisposeAsync() => _http.DisposeAsync();
}
