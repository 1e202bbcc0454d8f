using System.Text.Json;
using System.Text.Json.Nodes;
using Agent.ModelServer.Scripts;

namespace Agent.ModelServer.Protocol;

/// <summary>One content block of an answer: text, or a tool call with its input as JSON text.</summary>
public sealed record ContentBlock(string Type, string? Text = null, string? ToolUseId = null, string? ToolName = null, string? InputJson = null);

/// <summary>
/// The answer to one request, ready to be written as an event stream or as one JSON object: the scripted response
/// with ids assigned and <c>{{cwd}}</c> replaced.
/// </summary>
public sealed record AssistantMessage(string Id, string Model, IReadOnlyList<ContentBlock> Blocks, string StopReason, int InputTokens, int OutputTokens)
{
    /// <summary>The placeholder for the CLI's working directory in tool inputs.</summary>
    public const string CwdPlaceholder = "{{cwd}}";

    /// <summary>Builds the answer for <paramref name="request"/> from <paramref name="response"/>; <paramref name="newId"/> makes unique ids.</summary>
    public static AssistantMessage Create(ScriptResponse response, MessagesRequest request, Func<string, string> newId)
    {
        var blocks = new List<ContentBlock>();
        if (response.Text is { } text) blocks.Add(new ContentBlock("text", Text: text));
        foreach (var tool in response.ToolUse)
            blocks.Add(new ContentBlock("tool_use", ToolUseId: tool.Id ?? newId("toolu_"), ToolName: tool.Name, InputJson: InputJson(tool.Input, request.WorkingDirectory)));
        var stop = response.StopReason ?? (response.ToolUse.Count > 0 ? "tool_use" : "end_turn");
        var usage = response.Usage ?? new ScriptUsage();
        return new AssistantMessage(newId("msg_"), request.Model, blocks, stop, usage.InputTokens, usage.OutputTokens);
    }

    /// <summary>The non-streaming response body: a complete Messages API message object.</summary>
    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["type"] = "message",
        ["role"] = "assistant",
        ["model"] = Model,
        ["content"] = new JsonArray([.. Blocks.Select(BlockJson)]),
        ["stop_reason"] = StopReason,
        ["stop_sequence"] = null,
        ["usage"] = new JsonObject { ["input_tokens"] = InputTokens, ["output_tokens"] = OutputTokens, ["cache_creation_input_tokens"] = 0, ["cache_read_input_tokens"] = 0 },
    };

    private static JsonNode BlockJson(ContentBlock block) => block.Type == "text"
        ? new JsonObject { ["type"] = "text", ["text"] = block.Text }
        : new JsonObject { ["type"] = "tool_use", ["id"] = block.ToolUseId, ["name"] = block.ToolName, ["input"] = JsonNode.Parse(block.InputJson!) };

    // Replaces the placeholder in string values only, so the JSON stays valid whatever the path contains.
    private static string InputJson(JsonElement input, string? cwd)
    {
        if (input.ValueKind != JsonValueKind.Object) return "{}";
        var node = JsonNode.Parse(input.GetRawText())!;
        if (cwd is not null) Substitute(node, cwd);
        return node.ToJsonString();
    }

    private static void Substitute(JsonNode node, string cwd)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                    if (obj[key] is { } child) Replace(child, cwd, v => obj[key] = v);
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                    if (array[i] is { } child) { var index = i; Replace(child, cwd, v => array[index] = v); }
                break;
        }
    }

    private static void Replace(JsonNode child, string cwd, Action<JsonNode> set)
    {
        if (child is JsonValue value && value.TryGetValue<string>(out var s) && s.Contains(CwdPlaceholder, StringComparison.Ordinal))
            set(JsonValue.Create(s.Replace(CwdPlaceholder, cwd, StringComparison.Ordinal)));
        else
            Substitute(child, cwd);
    }
}
