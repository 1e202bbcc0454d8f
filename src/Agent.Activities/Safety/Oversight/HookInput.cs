using System.Text.Json;

namespace Agent.Activities.Safety.Oversight;

/// <summary>The Claude Code hook events the oversight answers.</summary>
public static class HookEvents
{
    /// <summary>Before a tool runs; the answer may deny it.</summary>
    public const string PreToolUse = "PreToolUse";
    /// <summary>After a tool ran; recorded only.</summary>
    public const string PostToolUse = "PostToolUse";

    /// <summary>The CLI argument (<c>pre-tool-use</c>) for an event name, and back.</summary>
    public static string ToArgument(string hookEvent) => hookEvent == PreToolUse ? "pre-tool-use" : "post-tool-use";

    /// <summary>The event for a CLI argument, or null when it names none.</summary>
    public static string? FromArgument(string argument) => argument switch
    {
        "pre-tool-use" => PreToolUse,
        "post-tool-use" => PostToolUse,
        _ => null,
    };
}

/// <summary>One hook call as Claude Code sends it on the hook's stdin.</summary>
/// <param name="HookEventName"><c>PreToolUse</c> or <c>PostToolUse</c>.</param>
/// <param name="ToolName"><c>Bash</c>, <c>Write</c>, <c>mcp__server__tool</c>…</param>
/// <param name="ToolInput">The tool's input object.</param>
/// <param name="Cwd">The CLI's working directory (relative paths are resolved against it).</param>
/// <param name="ToolUseId">The id of the tool call, when sent.</param>
/// <param name="SessionId">The CLI's session.</param>
/// <param name="ToolResponse">What the tool returned (PostToolUse only).</param>
public sealed record HookInput(string HookEventName, string ToolName, JsonElement ToolInput, string Cwd, string? ToolUseId, string? SessionId, JsonElement? ToolResponse)
{
    /// <summary>Parses the hook's stdin. Throws <see cref="HookInputException"/> naming what is missing.</summary>
    public static HookInput Parse(string json)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(json);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new HookInputException($"The hook input is not JSON ({e.Message}); Claude Code sends one JSON object on the hook's stdin.");
        }
        if (root.ValueKind != JsonValueKind.Object) throw new HookInputException("The hook input is not a JSON object; Claude Code sends one object with tool_name and tool_input.");
        var toolName = Text(root, "tool_name") ?? throw new HookInputException("The hook input has no tool_name; only tool hooks (PreToolUse, PostToolUse) are answered.");
        var input = root.TryGetProperty("tool_input", out var i) && i.ValueKind == JsonValueKind.Object ? i : JsonDocument.Parse("{}").RootElement.Clone();
        JsonElement? response = root.TryGetProperty("tool_response", out var r) ? r : null;
        return new HookInput(Text(root, "hook_event_name") ?? HookEvents.PreToolUse, toolName, input, Text(root, "cwd") ?? Directory.GetCurrentDirectory(),
            Text(root, "tool_use_id"), Text(root, "session_id"), response);
    }

    /// <summary>A string field of <see cref="ToolInput"/>, or null.</summary>
    public string? InputText(string name) => Text(ToolInput, name);

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}

/// <summary>A hook request that cannot be read; the call it belongs to is denied.</summary>
public sealed class HookInputException(string message) : Exception(message);
