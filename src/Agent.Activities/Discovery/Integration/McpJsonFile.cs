using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Agent.Activities.Discovery.Integration;

/// <summary>
/// A target's <c>.mcp.json</c> in Claude Code's format, <c>{"mcpServers": {name: {command, args, env}}}</c>. Adding or
/// removing a server keeps every other entry and top-level key, their order, the file's indentation and its final
/// newline; the file is replaced atomically (write beside it, then rename), so a reader never sees half a file.
/// </summary>
public sealed class McpJsonFile
{
    /// <summary>The file's name in a target.</summary>
    public const string FileName = ".mcp.json";

    /// <summary>Creates the editor of <c>.mcp.json</c> in <paramref name="targetDirectory"/>.</summary>
    public McpJsonFile(string targetDirectory) => Path = System.IO.Path.Combine(System.IO.Path.GetFullPath(targetDirectory), FileName);

    /// <summary>The file's full path.</summary>
    public string Path { get; }

    /// <summary>The servers the file declares (empty when it does not exist).</summary>
    /// <exception cref="IntegrationException">The file is not valid JSON or its <c>mcpServers</c> is not an object.</exception>
    public IReadOnlyDictionary<string, McpJsonEntry> Read()
    {
        var (root, _) = Load();
        return Servers(root).Where(kv => kv.Value is JsonObject).ToDictionary(kv => kv.Key, kv => McpJsonEntry.FromJson((JsonObject)kv.Value!), StringComparer.Ordinal);
    }

    /// <summary>Adds or replaces server <paramref name="name"/>.</summary>
    /// <exception cref="IntegrationException">The existing file cannot be edited safely; it is left unchanged.</exception>
    public void Set(string name, McpJsonEntry entry)
    {
        var (root, text) = Load();
        Servers(root)[name] = entry.ToJson();
        Save(root, text);
    }

    /// <summary>Removes server <paramref name="name"/>; returns false (and leaves the file untouched) when it is not there.</summary>
    /// <exception cref="IntegrationException">The existing file cannot be edited safely; it is left unchanged.</exception>
    public bool Remove(string name)
    {
        var (root, text) = Load();
        if (!Servers(root).Remove(name)) return false;
        Save(root, text);
        return true;
    }

    private (JsonObject Root, string? Text) Load()
    {
        if (!File.Exists(Path)) return (new JsonObject { ["mcpServers"] = new JsonObject() }, null);
        var text = File.ReadAllText(Path);
        try
        {
            var node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return node is JsonObject root
                ? (root, text)
                : throw new IntegrationException($"{Path} is not a JSON object; fix it by hand (Claude Code expects {{\"mcpServers\": {{…}}}}), nothing was changed.");
        }
        catch (JsonException e)
        {
            throw new IntegrationException($"{Path} is not valid JSON ({e.Message}); fix it by hand, nothing was changed.", e);
        }
    }

    private JsonObject Servers(JsonObject root)
    {
        if (root["mcpServers"] is null) root["mcpServers"] = new JsonObject();
        return root["mcpServers"] as JsonObject
            ?? throw new IntegrationException($"{Path}: \"mcpServers\" is not an object; fix it by hand, nothing was changed.");
    }

    private void Save(JsonObject root, string? original)
    {
        var indent = IndentOf(original);
        var json = root.ToJsonString(new JsonSerializerOptions
        {
            WriteIndented = true, IndentSize = indent.Length == 0 ? 2 : indent.Length, IndentCharacter = indent.StartsWith('\t') ? '\t' : ' ',
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
        var newline = original is null || original.Contains('\n') ? (original?.Contains("\r\n") == true ? "\r\n" : "\n") : "";
        json = json.Replace("\n", newline == "" ? "\n" : newline, StringComparison.Ordinal);
        if (original is null || original.EndsWith('\n')) json += newline == "" ? "\n" : newline;
        var temporary = Path + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        File.WriteAllText(temporary, json, new UTF8Encoding(false));
        File.Move(temporary, Path, overwrite: true);
    }

    /// <summary>The indentation of the first indented line (two spaces when the file is new or flat).</summary>
    private static string IndentOf(string? text)
    {
        if (text is null) return "  ";
        foreach (var line in text.Split('\n').Skip(1))
        {
            var indent = new string([.. line.TakeWhile(c => c is ' ' or '\t')]);
            if (indent.Length > 0) return indent;
        }
        return "  ";
    }
}
