using System.Text.Json;

namespace Agent.Activities.Claude;

/// <summary>
/// Turns stream-json lines into typed events. One instance per process (it counts lines for error messages).
/// Unknown event types become <see cref="UnknownEvent"/>; lines that are not JSON objects throw.
/// </summary>
public sealed class ClaudeStreamParser
{
    private int _lineNumber;

    /// <summary>The events of one line (an assistant line may hold several blocks). Blank lines give none.</summary>
    /// <exception cref="ClaudeStreamFormatException">The line is not a JSON object.</exception>
    public IReadOnlyList<ClaudeEvent> Parse(string line)
    {
        _lineNumber++;
        if (string.IsNullOrWhiteSpace(line)) return [];
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new ClaudeStreamFormatException(_lineNumber, line, "not JSON (" + e.Message + ")");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new ClaudeStreamFormatException(_lineNumber, line, "not a JSON object");
            var type = Str(root, "type");
            var subtype = Str(root, "subtype");
            try
            {
                return (type, subtype) switch
                {
                    ("system", "init") => [ParseInit(root)],
                    ("assistant", _) => ParseAssistant(root),
                    ("user", _) => ParseToolResults(root, line),
                    ("result", _) => [ParseResult(root, line)],
                    _ => [new UnknownEvent(type, subtype, line)],
                };
            }
            catch (InvalidOperationException e)
            {
                // A known event with a field of the wrong JSON kind.
                throw new ClaudeStreamFormatException(_lineNumber, line, $"a '{type}' event has an unexpected shape ({e.Message})");
            }
        }
    }

    private static InitEvent ParseInit(JsonElement root) => new(
        Str(root, "session_id"), Str(root, "cwd"),
        root.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array
            ? [.. tools.EnumerateArray().Select(t => t.GetString() ?? "")]
            : [],
        Str(root, "model"), Str(root, "permissionMode"))
    {
        McpServers = root.TryGetProperty("mcp_servers", out var servers) && servers.ValueKind == JsonValueKind.Array
            ? [.. servers.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Object).Select(s => new McpServerState(Str(s, "name") ?? "", Str(s, "status") ?? ""))]
            : [],
    };

    private static IReadOnlyList<ClaudeEvent> ParseAssistant(JsonElement root)
    {
        if (!root.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object) return [];
        var id = Str(message, "id");
        var usage = message.TryGetProperty("usage", out var u) ? ParseUsage(u) : ClaudeUsage.Zero;
        var events = new List<ClaudeEvent>();
        foreach (var block in Blocks(message))
        {
            switch (Str(block, "type"))
            {
                case "text":
                    events.Add(new AssistantTextEvent(id, Str(block, "text") ?? "", usage));
                    break;
                case "tool_use":
                    events.Add(new ToolUseEvent(id, Str(block, "id") ?? "", Str(block, "name") ?? "",
                        block.TryGetProperty("input", out var input) ? input.Clone() : default, usage));
                    break;
            }
        }
        return events;
    }

    private static IReadOnlyList<ClaudeEvent> ParseToolResults(JsonElement root, string line)
    {
        if (!root.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object) return [new UnknownEvent("user", null, line)];
        var events = new List<ClaudeEvent>();
        foreach (var block in Blocks(message))
        {
            if (Str(block, "type") != "tool_result") continue;
            var content = block.TryGetProperty("content", out var c)
                ? c.ValueKind == JsonValueKind.String ? c.GetString() ?? "" : c.GetRawText()
                : "";
            var isError = block.TryGetProperty("is_error", out var e) && e.ValueKind == JsonValueKind.True;
            events.Add(new ToolResultEvent(Str(block, "tool_use_id") ?? "", isError, content));
        }
        return events.Count > 0 ? events : [new UnknownEvent("user", null, line)];
    }

    private static ResultEvent ParseResult(JsonElement root, string line) => new(
        Str(root, "subtype") ?? "unknown",
        root.TryGetProperty("is_error", out var isError) && isError.ValueKind == JsonValueKind.True,
        root.TryGetProperty("api_error_status", out var status) && status.ValueKind == JsonValueKind.Number ? status.GetInt32() : null,
        Str(root, "result"),
        root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array
            ? [.. errors.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText())]
            : [],
        Str(root, "session_id"),
        (int)Num(root, "num_turns"),
        Num(root, "duration_ms"),
        root.TryGetProperty("total_cost_usd", out var cost) && cost.ValueKind == JsonValueKind.Number ? cost.GetDecimal() : 0m,
        root.TryGetProperty("usage", out var usage) ? ParseUsage(usage) : ClaudeUsage.Zero,
        root.TryGetProperty("permission_denials", out var denials) && denials.ValueKind == JsonValueKind.Array
            ? [.. denials.EnumerateArray().Select(d => new PermissionDenial(Str(d, "tool_name") ?? "", Str(d, "tool_use_id") ?? "",
                d.TryGetProperty("tool_input", out var input) ? input.GetRawText() : "{}"))]
            : [],
        Str(root, "stop_reason"),
        line);

    private static ClaudeUsage ParseUsage(JsonElement usage) => usage.ValueKind != JsonValueKind.Object
        ? ClaudeUsage.Zero
        : new ClaudeUsage(Num(usage, "input_tokens"), Num(usage, "output_tokens"),
            Num(usage, "cache_creation_input_tokens"), Num(usage, "cache_read_input_tokens"));

    private static IEnumerable<JsonElement> Blocks(JsonElement message) =>
        message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array
            ? content.EnumerateArray().Where(b => b.ValueKind == JsonValueKind.Object)
            : [];

    private static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long Num(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? (long)value.GetDouble()
            : 0;
}
