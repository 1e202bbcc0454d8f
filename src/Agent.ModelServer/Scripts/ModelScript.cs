using System.Text.Json;

namespace Agent.ModelServer.Scripts;

/// <summary>
/// A script for the model server: an ordered list of rules. For each request the first rule whose
/// <see cref="ScriptRule.Match"/> holds and that still has uses left answers it. See <c>docs/model-server.md</c>.
/// </summary>
public sealed record ModelScript
{
    /// <summary>A name for logs and messages.</summary>
    public string Name { get; init; } = "script";

    /// <summary>The rules, tried in order.</summary>
    public IReadOnlyList<ScriptRule> Rules { get; init; } = [];

    /// <summary>
    /// How long every answer takes before it starts, in milliseconds, like a real model's latency (a rule's own
    /// <see cref="ScriptRule.LatencyMs"/> wins). Absent = answer at once.
    /// </summary>
    public int? LatencyMs { get; init; }
}

/// <summary>One rule: when it applies, and either a response or a fault (or a stall followed by a response).</summary>
public sealed record ScriptRule
{
    /// <summary>Conditions on the request; all given conditions must hold. Absent = matches every request.</summary>
    public RuleMatch? Match { get; init; }

    /// <summary>The assistant message to answer with.</summary>
    public ScriptResponse? Respond { get; init; }

    /// <summary>A failure to inject instead of (or, for a stall, before) the response.</summary>
    public ScriptFault? Fault { get; init; }

    /// <summary>How many requests this rule answers before it is used up and later rules get the request. Absent = unlimited.</summary>
    public int? Times { get; init; }

    /// <summary>How long this rule's answer takes before it starts, in milliseconds; absent = the script's <see cref="ModelScript.LatencyMs"/>.</summary>
    public int? LatencyMs { get; init; }
}

/// <summary>Conditions a request must meet for a rule to apply. Text comparisons are ordinal and case-sensitive.</summary>
public sealed record RuleMatch
{
    /// <summary>The text of the last user message (its text blocks, not tool results) contains this.</summary>
    public string? PromptContains { get; init; }

    /// <summary>Some tool_result in the last user message contains this.</summary>
    public string? ToolResultContains { get; init; }

    /// <summary>The request offers a tool with exactly this name.</summary>
    public string? HasTool { get; init; }

    /// <summary>The 1-based model turn: the number of assistant messages in the conversation plus one. Retries keep their turn.</summary>
    public int? Turn { get; init; }
}

/// <summary>An assistant message: optional text, then tool calls.</summary>
public sealed record ScriptResponse
{
    /// <summary>A text block, sent first.</summary>
    public string? Text { get; init; }

    /// <summary>Tool calls, sent after the text, each as a tool_use block.</summary>
    public IReadOnlyList<ScriptToolUse> ToolUse { get; init; } = [];

    /// <summary>The stop reason; absent = <c>tool_use</c> when there are tool calls, else <c>end_turn</c>.</summary>
    public string? StopReason { get; init; }

    /// <summary>Token counts to report; they drive the CLI's cost figures.</summary>
    public ScriptUsage? Usage { get; init; }
}

/// <summary>One tool call. String values in <see cref="Input"/> may use <c>{{cwd}}</c>, the CLI's working directory.</summary>
public sealed record ScriptToolUse
{
    /// <summary>The tool name as offered by the CLI, e.g. <c>Write</c>, <c>Bash</c>, <c>mcp__server__tool</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The tool input object.</summary>
    public JsonElement Input { get; init; }

    /// <summary>The tool_use id; absent = generated.</summary>
    public string? Id { get; init; }
}

/// <summary>Token counts reported for a response.</summary>
public sealed record ScriptUsage
{
    /// <summary>Reported in <c>message_start</c>.</summary>
    public int InputTokens { get; init; } = 100;

    /// <summary>Reported in <c>message_delta</c>.</summary>
    public int OutputTokens { get; init; } = 20;
}

/// <summary>A failure to inject. Exactly one kind per fault, except that a stall may precede the rule's response.</summary>
public sealed record ScriptFault
{
    /// <summary>An HTTP error status (e.g. 400, 429, 500, 529) with an Anthropic error body.</summary>
    public int? Status { get; init; }

    /// <summary>Seconds for the <c>retry-after</c> header of an error status.</summary>
    public int? RetryAfter { get; init; }

    /// <summary>The error message; absent = <c>fake STATUS</c>.</summary>
    public string? Message { get; init; }

    /// <summary>Answer 200 with an event stream (or JSON body) that does not parse.</summary>
    public bool MalformedSse { get; init; }

    /// <summary>Wait this long before answering; then the rule's response follows, or the connection is dropped if it has none.</summary>
    public int? StallMs { get; init; }

    /// <summary>Abort the connection without an answer.</summary>
    public bool DropConnection { get; init; }
}
