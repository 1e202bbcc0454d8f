using System.Text.Json;
using System.Text.Json.Nodes;

namespace Agent.Activities.Safety.Oversight;

/// <summary>
/// What a hook prints for Claude Code: <c>{}</c> lets the call go on under the run's normal permission mode (an explicit
/// "allow" would bypass Claude's own permission checks, so it is never sent); a deny carries the reason the model sees.
/// </summary>
/// <param name="Json">One line of JSON to print on the hook's stdout.</param>
/// <param name="Decision">The journal entry, when the call was decided or recorded.</param>
public sealed record HookAnswer(string Json, ToolDecision? Decision)
{
    /// <summary>No objection: Claude's own permission mode applies.</summary>
    public const string NoObjection = "{}";

    /// <summary>The PreToolUse output that blocks the call with <paramref name="reason"/> (the model receives it as the tool result).</summary>
    public static string DenyJson(string reason) => new JsonObject
    {
        ["hookSpecificOutput"] = new JsonObject
        {
            ["hookEventName"] = HookEvents.PreToolUse,
            ["permissionDecision"] = "deny",
            ["permissionDecisionReason"] = reason,
        },
    }.ToJsonString(Output);

    // Claude Code reads the reason as it is; relaxed escaping keeps quotes and < > readable for the model and in logs.
    private static readonly JsonSerializerOptions Output = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
