using System.Text.Json;
using System.Text.Json.Nodes;

namespace Agent.Activities.Safety.Oversight;

/// <summary>
/// Builds the <c>--settings</c> JSON of a run: the run's own settings (inline JSON or a file, as the CLI accepts) with
/// our PreToolUse and PostToolUse hooks added for every tool (<c>matcher: "*"</c>). Hooks already there are kept; ours
/// are appended, and Claude Code runs every matching hook, so none can switch ours off.
/// </summary>
public static class OversightSettings
{
    /// <summary>The merged settings JSON.</summary>
    /// <param name="existing">The run's <c>--settings</c> value (JSON or a file path), or null.</param>
    /// <param name="preToolUseCommand">The shell command for PreToolUse.</param>
    /// <param name="postToolUseCommand">The shell command for PostToolUse; null = no PostToolUse hook.</param>
    /// <param name="timeoutSeconds">Claude Code's timeout for the hook command.</param>
    /// <exception cref="OversightUnavailableException">The existing settings cannot be read or are not a JSON object.</exception>
    public static string Merge(string? existing, string preToolUseCommand, string? postToolUseCommand, int timeoutSeconds)
    {
        var root = Parse(existing);
        if (root["hooks"] is not JsonObject hooks)
        {
            if (root["hooks"] is not null) throw new OversightUnavailableException("The run's settings have a 'hooks' value that is not an object; fix the settings so the oversight hooks can be added.");
            hooks = [];
            root["hooks"] = hooks;
        }
        Add(hooks, HookEvents.PreToolUse, preToolUseCommand, timeoutSeconds);
        if (postToolUseCommand is not null) Add(hooks, HookEvents.PostToolUse, postToolUseCommand, timeoutSeconds);
        return root.ToJsonString();
    }

    /// <summary>A shell command that runs <paramref name="client"/> with bash (no executable bit needed) and the run's arguments.</summary>
    public static string Command(string client, string hookEvent, int port, RunOversight run) =>
        $"{Bash} {Quote(client)} {HookEvents.ToArgument(hookEvent)} {port} {run.RunId} {run.Token}";

    private static string Bash => File.Exists("/bin/bash") ? "/bin/bash" : "bash";

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static void Add(JsonObject hooks, string hookEvent, string command, int timeoutSeconds)
    {
        if (hooks[hookEvent] is not JsonArray list)
        {
            if (hooks[hookEvent] is not null) throw new OversightUnavailableException($"The run's settings have hooks.{hookEvent} that is not a list; fix the settings so the oversight hooks can be added.");
            list = [];
            hooks[hookEvent] = list;
        }
        list.Add(new JsonObject
        {
            ["matcher"] = "*",
            ["hooks"] = new JsonArray(new JsonObject { ["type"] = "command", ["command"] = command, ["timeout"] = timeoutSeconds + 5 }),
        });
    }

    private static JsonObject Parse(string? existing)
    {
        if (string.IsNullOrWhiteSpace(existing)) return [];
        var text = existing.TrimStart().StartsWith('{') ? existing : ReadFile(existing);
        try
        {
            return JsonNode.Parse(text) as JsonObject
                ?? throw new OversightUnavailableException("The run's settings are not a JSON object; pass an object such as {\"model\": \"…\"}.");
        }
        catch (JsonException e)
        {
            throw new OversightUnavailableException($"The run's settings are not valid JSON ({e.Message}); fix them so the oversight hooks can be added.");
        }
    }

    private static string ReadFile(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OversightUnavailableException($"The run's settings file '{path}' cannot be read ({e.Message}); fix the path so the oversight hooks can be added.");
        }
    }
}

/// <summary>The oversight cannot be set up for a run (hook client missing, settings unreadable); the run is refused rather than run unwatched.</summary>
public sealed class OversightUnavailableException(string message) : Exception(message);
