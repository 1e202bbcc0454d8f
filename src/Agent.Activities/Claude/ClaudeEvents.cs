using System.Text.Json;
using System.Text.Json.Serialization;

namespace Agent.Activities.Claude;

/// <summary>One thing that happened during a run, parsed from a stream-json line (or reported by the runner).</summary>
/// <remarks>Serialized with an <c>event</c> discriminator so a transcript (see <see cref="ClaudeRunResult.Events"/>) reads back typed.</remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "event")]
[JsonDerivedType(typeof(ProcessStartedEvent), "process_started")]
[JsonDerivedType(typeof(InitEvent), "init")]
[JsonDerivedType(typeof(AssistantTextEvent), "assistant_text")]
[JsonDerivedType(typeof(ToolUseEvent), "tool_use")]
[JsonDerivedType(typeof(ToolResultEvent), "tool_result")]
[JsonDerivedType(typeof(ResultEvent), "result")]
[JsonDerivedType(typeof(UnknownEvent), "unknown")]
[JsonDerivedType(typeof(PolicyDeniedEvent), "policy_denied")]
public abstract record ClaudeEvent;

/// <summary>The runner started a CLI process (before any stream line); lets callers watch or inspect the process.</summary>
public sealed record ProcessStartedEvent(int ProcessId, int Attempt) : ClaudeEvent;

/// <summary>The <c>system/init</c> line: the session and what the CLI offers.</summary>
public sealed record InitEvent(string? SessionId, string? Cwd, IReadOnlyList<string> Tools, string? Model, string? PermissionMode) : ClaudeEvent
{
    /// <summary>The MCP servers the CLI was configured with and whether each connected (e.g. <c>connected</c>, <c>failed</c>, <c>pending</c>).</summary>
    public IReadOnlyList<McpServerState> McpServers { get; init; } = [];
}

/// <summary>An MCP server as the init event reports it.</summary>
public sealed record McpServerState(string Name, string Status);

/// <summary>A text block of an assistant message. <paramref name="Usage"/> is the message's usage (repeated on each of its blocks).</summary>
public sealed record AssistantTextEvent(string? MessageId, string Text, ClaudeUsage Usage) : ClaudeEvent;

/// <summary>A tool call of an assistant message.</summary>
public sealed record ToolUseEvent(string? MessageId, string ToolUseId, string Name, JsonElement Input, ClaudeUsage Usage) : ClaudeEvent;

/// <summary>A tool result the CLI sent back to the model.</summary>
public sealed record ToolResultEvent(string ToolUseId, bool IsError, string Content) : ClaudeEvent;

/// <summary>The final <c>result</c> line.</summary>
public sealed record ResultEvent(
    string Subtype,
    bool IsError,
    int? ApiErrorStatus,
    string? Result,
    IReadOnlyList<string> Errors,
    string? SessionId,
    int NumTurns,
    long DurationMs,
    decimal CostUsd,
    ClaudeUsage Usage,
    IReadOnlyList<PermissionDenial> PermissionDenials,
    string? StopReason,
    string RawJson) : ClaudeEvent;

/// <summary>A line of a type this runner does not model (kept so nothing is lost).</summary>
public sealed record UnknownEvent(string? Type, string? Subtype, string RawJson) : ClaudeEvent;

/// <summary>A tool call the CLI refused for lack of permission.</summary>
public sealed record PermissionDenial(string ToolName, string ToolUseId, string ToolInputJson);

/// <summary>Token counts of a message or a whole run.</summary>
public sealed record ClaudeUsage(long InputTokens, long OutputTokens, long CacheCreationInputTokens, long CacheReadInputTokens)
{
    /// <summary>No tokens.</summary>
    public static ClaudeUsage Zero { get; } = new(0, 0, 0, 0);

    /// <summary>All tokens, as the budget counts them.</summary>
    public long Total => InputTokens + OutputTokens + CacheCreationInputTokens + CacheReadInputTokens;
}

/// <summary>
/// The policy refused a tool call (reported by the runner right after the call's tool result, which carries the same
/// reason to the model), so whoever watches a run sees the denial as it happens.
/// </summary>
public sealed record PolicyDeniedEvent(string? ToolUseId, string Tool, string? RuleId, string? Reason) : ClaudeEvent;
