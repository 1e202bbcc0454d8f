using System.Text.Json;

namespace Agent.Activities.Discovery;

/// <summary>
/// Turns Claude Code's <c>mcpServers</c> entries — from JSON files (<c>.mcp.json</c>, <c>~/.claude.json</c>) or from
/// <see cref="DiscoveryOptions.Servers"/> — into validated <see cref="McpServerEntry"/>s.
/// </summary>
public static class McpServerConfigReader
{
    /// <summary>
    /// The servers of a JSON document with a top-level <c>mcpServers</c> object (absent → none). For
    /// <c>~/.claude.json</c>, <paramref name="projectPath"/> also picks up <c>projects[path].mcpServers</c>.
    /// </summary>
    /// <exception cref="McpConfigException">The file is not JSON or an entry is invalid.</exception>
    public static IReadOnlyList<McpServerEntry> ReadFile(string file, McpServerSource source, string? workingDirectory, string? projectPath = null)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new McpConfigException(file, null, $"not valid JSON ({e.Message}); fix the file or remove it.");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new McpConfigException(file, null, "expected a JSON object with an 'mcpServers' object.");
            var entries = new List<McpServerEntry>();
            if (document.RootElement.TryGetProperty("mcpServers", out var servers)) entries.AddRange(ReadServers(servers, file, source, workingDirectory));
            if (projectPath is not null
                && document.RootElement.TryGetProperty("projects", out var projects) && projects.ValueKind == JsonValueKind.Object
                && projects.TryGetProperty(projectPath, out var project) && project.ValueKind == JsonValueKind.Object
                && project.TryGetProperty("mcpServers", out var projectServers))
            {
                entries.AddRange(ReadServers(projectServers, file, source, workingDirectory).Where(e => entries.All(x => x.Name != e.Name)));
            }
            return entries;
        }
    }

    /// <summary>The servers of an <c>mcpServers</c> JSON object.</summary>
    /// <exception cref="McpConfigException">An entry is invalid.</exception>
    public static IReadOnlyList<McpServerEntry> ReadServers(JsonElement servers, string file, McpServerSource source, string? workingDirectory) =>
        ReadServers(servers, file, source, workingDirectory, Environment.GetEnvironmentVariable);

    /// <summary>The servers of an <c>mcpServers</c> JSON object, expanding <c>${VAR}</c> references through <paramref name="variables"/>.</summary>
    /// <exception cref="McpConfigException">An entry is invalid or references an unset variable without a default.</exception>
    public static IReadOnlyList<McpServerEntry> ReadServers(JsonElement servers, string file, McpServerSource source, string? workingDirectory, Func<string, string?> variables)
    {
        if (servers.ValueKind != JsonValueKind.Object)
            throw new McpConfigException(file, null, "'mcpServers' must be an object: name → {command, args, env} or {type: \"http\", url}.");
        var entries = new List<McpServerEntry>();
        foreach (var server in servers.EnumerateObject())
        {
            if (server.Value.ValueKind != JsonValueKind.Object)
                throw new McpConfigException(file, server.Name, "an entry must be an object with 'command' (stdio) or 'url' (http).");
            string? Expand(string? value) => value is null ? null : McpConfigVariables.Expand(value, variables, file, server.Name);
            var options = new McpServerOptions
            {
                Type = String(server.Value, "type", file, server.Name),
                Command = Expand(String(server.Value, "command", file, server.Name)),
                Url = Expand(String(server.Value, "url", file, server.Name)),
                Args = server.Value.TryGetProperty("args", out var args) ? [.. Strings(args, "args", file, server.Name).Select(a => Expand(a)!)] : [],
                Env = server.Value.TryGetProperty("env", out var env) ? Map(env, "env", file, server.Name).ToDictionary(p => p.Key, p => Expand(p.Value)!, StringComparer.Ordinal) : [],
                Headers = server.Value.TryGetProperty("headers", out var headers) ? Map(headers, "headers", file, server.Name).ToDictionary(p => p.Key, p => Expand(p.Value)!, StringComparer.OrdinalIgnoreCase) : [],
            };
            entries.Add(FromOptions(server.Name, options, file, source, workingDirectory));
        }
        return entries;
    }

    /// <summary>Validates one configured server.</summary>
    /// <exception cref="McpConfigException">The entry names no way to reach the server, an unknown type, or a bad URL.</exception>
    public static McpServerEntry FromOptions(string name, McpServerOptions options, string file, McpServerSource source, string? workingDirectory)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new McpConfigException(file, name, "a server needs a non-empty name.");
        var type = (options.Type ?? (options.Url is not null && options.Command is null ? "http" : "stdio")).Trim().ToLowerInvariant();
        var transport = type switch
        {
            "stdio" => McpTransportKind.Stdio,
            "http" or "streamable-http" or "streamablehttp" => McpTransportKind.Http,
            "sse" => McpTransportKind.Sse,
            _ => throw new McpConfigException(file, name, $"unknown type '{options.Type}'; use stdio, http or sse."),
        };
        if (transport == McpTransportKind.Stdio)
        {
            if (string.IsNullOrWhiteSpace(options.Command))
                throw new McpConfigException(file, name, "a stdio server needs 'command' (the program to start), or set 'type': 'http' with a 'url'.");
            return new McpServerEntry(name, source, transport, options.Command, [.. options.Args], new Dictionary<string, string>(options.Env), workingDirectory, null, new Dictionary<string, string>());
        }
        if (!Uri.TryCreate(options.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            throw new McpConfigException(file, name, $"an {type} server needs an absolute http(s) 'url', not '{options.Url}'.");
        return new McpServerEntry(name, source, transport, null, [], new Dictionary<string, string>(), null, url, new Dictionary<string, string>(options.Headers, StringComparer.OrdinalIgnoreCase));
    }

    private static string? String(JsonElement entry, string key, string file, string server)
    {
        if (!entry.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw new McpConfigException(file, server, $"'{key}' must be a string.");
    }

    private static List<string> Strings(JsonElement value, string key, string file, string server) =>
        value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String)
            ? [.. value.EnumerateArray().Select(v => v.GetString()!)]
            : throw new McpConfigException(file, server, $"'{key}' must be an array of strings.");

    private static Dictionary<string, string> Map(JsonElement value, string key, string file, string server) =>
        value.ValueKind == JsonValueKind.Object && value.EnumerateObject().All(p => p.Value.ValueKind == JsonValueKind.String)
            ? value.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal)
            : throw new McpConfigException(file, server, $"'{key}' must be an object of string values.");
}
