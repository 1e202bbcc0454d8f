using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Agent.ModelServer.Protocol;

/// <summary>
/// What the rules look at in a <c>POST /v1/messages</c> body: the last user message's text and tool results,
/// the offered tools, the turn number, the model, whether to stream, and the CLI's working directory.
/// </summary>
public sealed partial record MessagesRequest
{
    /// <summary>The text blocks of the last user message, joined by newlines.</summary>
    public string LastUserText { get; init; } = "";

    /// <summary>The contents of the tool_result blocks in the last user message, as text.</summary>
    public IReadOnlyList<string> ToolResults { get; init; } = [];

    /// <summary>The names of the offered tools.</summary>
    public IReadOnlyList<string> ToolNames { get; init; } = [];

    /// <summary>The 1-based model turn: assistant messages in the conversation plus one.</summary>
    public int Turn { get; init; } = 1;

    /// <summary>The requested model, echoed in the answer.</summary>
    public string Model { get; init; } = "claude-scripted";

    /// <summary>Whether the client asked for an event stream (the CLI's non-streaming fallback omits <c>stream</c>).</summary>
    public bool Stream { get; init; }

    /// <summary>The CLI's working directory as stated in its system prompt, if found.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Reads the parts of a request body the server needs; anything unexpected is ignored, never rejected.</summary>
    public static MessagesRequest From(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object) return new MessagesRequest();
        var messages = body.TryGetProperty("messages", out var m) && m.ValueKind == JsonValueKind.Array ? m.EnumerateArray().ToList() : [];
        var lastUser = messages.LastOrDefault(x => Role(x) == "user");
        var (text, results) = lastUser.ValueKind == JsonValueKind.Object ? ReadContent(lastUser) : ("", []);
        return new MessagesRequest
        {
            LastUserText = text,
            ToolResults = results,
            ToolNames = ToolNamesOf(body),
            Turn = messages.Count(x => Role(x) == "assistant") + 1,
            Model = body.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.String ? model.GetString()! : "claude-scripted",
            Stream = body.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True,
            WorkingDirectory = WorkingDirectoryOf(body),
        };
    }

    private static string? Role(JsonElement message) =>
        message.ValueKind == JsonValueKind.Object && message.TryGetProperty("role", out var role) ? role.GetString() : null;

    // Content is either a string or an array of blocks; text blocks form the prompt, tool_result blocks the results.
    private static (string Text, List<string> Results) ReadContent(JsonElement message)
    {
        var results = new List<string>();
        if (!message.TryGetProperty("content", out var content)) return ("", results);
        if (content.ValueKind == JsonValueKind.String) return (content.GetString()!, results);
        if (content.ValueKind != JsonValueKind.Array) return ("", results);
        var text = new StringBuilder();
        foreach (var block in content.EnumerateArray())
        {
            var type = block.TryGetProperty("type", out var t) ? t.GetString() : null;
            if (type == "text" && block.TryGetProperty("text", out var value))
                text.Append(text.Length > 0 ? "\n" : "").Append(value.GetString());
            else if (type == "tool_result")
                results.Add(block.TryGetProperty("content", out var result) ? TextOf(result) : "");
        }
        return (text.ToString(), results);
    }

    // A tool_result's content is a string or an array of blocks (text, image…); only the text matters here.
    private static string TextOf(JsonElement content) => content.ValueKind switch
    {
        JsonValueKind.String => content.GetString()!,
        JsonValueKind.Array => string.Join("\n", content.EnumerateArray()
            .Where(b => b.ValueKind == JsonValueKind.Object && b.TryGetProperty("text", out _))
            .Select(b => b.GetProperty("text").GetString())),
        _ => content.GetRawText(),
    };

    private static List<string> ToolNamesOf(JsonElement body) =>
        body.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array
            ? [.. tools.EnumerateArray()
                .Where(t => t.ValueKind == JsonValueKind.Object && t.TryGetProperty("name", out _))
                .Select(t => t.GetProperty("name").GetString() ?? "")]
            : [];

    // The CLI states its cwd in the environment section of the system prompt; scripts use it as {{cwd}} so a
    // Write can target an absolute path inside whatever temporary folder the test (or rehearsal) runs in.
    private static string? WorkingDirectoryOf(JsonElement body)
    {
        if (!body.TryGetProperty("system", out var system)) return null;
        var text = system.ValueKind == JsonValueKind.String ? system.GetString()! : TextOf(system);
        var match = WorkingDirectoryPattern().Match(text);
        return match.Success ? match.Groups[1].Value.Trim() : null;
    }

    [GeneratedRegex(@"Primary working directory:\s*(\S[^\r\n]*)")]
    private static partial Regex WorkingDirectoryPattern();
}
