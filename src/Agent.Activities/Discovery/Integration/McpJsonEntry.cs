using System.Text.Json.Nodes;

namespace Agent.Activities.Discovery.Integration;

/// <summary>
/// One server of Claude Code's <c>.mcp.json</c>: a stdio server (<see cref="Command"/>, <see cref="Args"/>,
/// <see cref="Env"/>) or a remote one (<see cref="Type"/> <c>http</c>/<c>sse</c> with <see cref="Url"/>).
/// Environment values may be <c>${NAME}</c> references, which Claude Code expands from its own environment.
/// </summary>
public sealed record McpJsonEntry
{
    /// <summary><c>stdio</c>, <c>http</c> or <c>sse</c>.</summary>
    public string Type { get; init; } = "stdio";

    /// <summary>The executable of a stdio server.</summary>
    public string? Command { get; init; }

    /// <summary>Its arguments.</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>Its environment (values or <c>${NAME}</c> references).</summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    /// <summary>The endpoint of a remote server.</summary>
    public string? Url { get; init; }

    /// <summary>The JSON written under <c>mcpServers.&lt;name&gt;</c>.</summary>
    public JsonObject ToJson()
    {
        if (Type != "stdio") return new JsonObject { ["type"] = Type, ["url"] = Url };
        var json = new JsonObject { ["command"] = Command, ["args"] = new JsonArray([.. Args.Select(a => (JsonNode?)JsonValue.Create(a))]) };
        if (Env.Count > 0) json["env"] = new JsonObject(Env.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value))));
        return json;
    }

    /// <summary>Reads an entry written by <see cref="ToJson"/> (or by hand, in Claude Code's format).</summary>
    public static McpJsonEntry FromJson(JsonObject json)
    {
        string? Text(string key) => json[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        var url = Text("url");
        return new McpJsonEntry
        {
            Type = Text("type") ?? (url is null ? "stdio" : "http"),
            Command = Text("command"),
            Args = json["args"] is JsonArray args ? [.. args.Select(a => a?.ToString() ?? "")] : [],
            Env = json["env"] is JsonObject env ? env.ToDictionary(kv => kv.Key, kv => kv.Value?.ToString() ?? "") : new Dictionary<string, string>(),
            Url = url,
        };
    }
}
