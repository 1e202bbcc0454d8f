using System.Text.Json;
using System.Text.Json.Nodes;

namespace Agent.Activities.Claude;

/// <summary>
/// MCP servers given to one run besides the working directory's <c>.mcp.json</c> (e.g. the agent's own server for a
/// spawned sub-agent's message bus): a map of server name to <c>{ command, args?, env? }</c>, turned into the inline
/// JSON <c>{"mcpServers": …}</c> that <c>--mcp-config</c> accepts.
/// </summary>
public static class ExtraMcpServers
{
    /// <summary>The inline config for <paramref name="servers"/> (an object, a dictionary, or JSON text), or null when none are given.</summary>
    /// <exception cref="ArgumentException">The servers are not a map of name to an object with a <c>command</c> string.</exception>
    public static string? ToInlineConfig(object? servers)
    {
        var node = servers switch
        {
            null => null,
            string text when string.IsNullOrWhiteSpace(text) => null,
            string text => Parse(text),
            JsonNode given => given,
            JsonElement element => JsonNode.Parse(element.GetRawText()),
            _ => JsonSerializer.SerializeToNode(servers),
        };
        if (node is null) return null;
        if (node is not JsonObject map)
            throw new ArgumentException("mcpServers must be an object mapping a server name to { command, args?, env? }, e.g. { \"agent\": { \"command\": \"agent\", \"args\": [\"mcp\"] } }.");
        if (map.Count == 0) return null;
        foreach (var (name, server) in map)
        {
            if (server is not JsonObject definition || definition["command"] is not JsonValue command || command.GetValueKind() != JsonValueKind.String || string.IsNullOrWhiteSpace(command.GetValue<string>()))
                throw new ArgumentException($"mcpServers.{name} needs a \"command\" (the server's executable), with optional \"args\" (a list) and \"env\" (an object of strings).");
            if (definition["args"] is { } args && args is not JsonArray)
                throw new ArgumentException($"mcpServers.{name}.args must be a list of strings.");
            if (definition["env"] is { } env && env is not JsonObject)
                throw new ArgumentException($"mcpServers.{name}.env must be an object of name to string.");
        }
        return new JsonObject { ["mcpServers"] = map.DeepClone() }.ToJsonString();
    }

    private static JsonNode? Parse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"mcpServers is not valid JSON ({e.Message}); give an object mapping a server name to {{ command, args?, env? }}.");
        }
    }
}
