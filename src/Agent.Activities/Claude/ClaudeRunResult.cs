using Agent.Activities.Safety.Oversight;

namespace Agent.Activities.Claude;

/// <summary>How a run ended. The CLI's own subtypes are kept; the runner adds its reasons for stopping a run.</summary>
public static class ClaudeRunSubtypes
{
    /// <summary>The CLI finished and reported no error.</summary>
    public const string Success = "success";

    /// <summary>The CLI's turn limit was reached.</summary>
    public const string ErrorMaxTurns = "error_max_turns";

    /// <summary>The CLI ended during execution (e.g. interrupted tools).</summary>
    public const string ErrorDuringExecution = "error_during_execution";

    /// <summary>The API answered with an error (after our retries, if it was transient and nothing was edited).</summary>
    public const string ApiError = "api_error";

    /// <summary>The token budget (ours) or the USD budget (the CLI's <c>error_max_budget_usd</c>) was exceeded.</summary>
    public const string BudgetExceeded = "budget_exceeded";

    /// <summary>The wall-clock limit passed; the process tree was killed.</summary>
    public const string Timeout = "timeout";

    /// <summary>The caller cancelled; the process tree was killed.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>The process ended without a result line (or could not start).</summary>
    public const string Crashed = "crashed";

    /// <summary>The process printed a line that is not stream-json; the run was stopped.</summary>
    public const string MalformedOutput = "malformed_output";

    /// <summary>The run was not started, or was killed, because a guard refuses runs (the emergency stop).</summary>
    public const string Refused = "refused";

    /// <summary>A resource limit (memory, CPU, processes, wall time, worktree disk) was hit; the process tree was killed.</summary>
    public const string LimitExceeded = "limit_exceeded";
}

/// <summary>The outcome of a run (the last attempt when it was retried).</summary>
public sealed record ClaudeRunResult
{
    /// <summary>True only when the CLI printed a result line with <c>is_error:false</c> and the runner did not stop it.</summary>
    public bool IsSuccess { get; init; }

    /// <summary>One of <see cref="ClaudeRunSubtypes"/> or a subtype the CLI reported.</summary>
    public required string Subtype { get; init; }

    /// <summary>What went wrong, in words; null on success.</summary>
    public string? Error { get; init; }

    /// <summary>The final assistant text (the result's <c>result</c> field).</summary>
    public string? Text { get; init; }

    /// <summary>The session, for <see cref="ClaudeRunRequest.ResumeSessionId"/>.</summary>
    public string? SessionId { get; init; }

    /// <summary>The CLI's turn count (loop iterations, not API calls).</summary>
    public int Turns { get; init; }

    /// <summary>Wall-clock time of all attempts.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>The CLI's cost figure for the last attempt.</summary>
    public decimal CostUsd { get; init; }

    /// <summary>Tokens: the result's usage when present, else what the stream showed.</summary>
    public ClaudeUsage Usage { get; init; } = ClaudeUsage.Zero;

    /// <summary>Tool calls the CLI refused; a run with denials can still be a success.</summary>
    public IReadOnlyList<PermissionDenial> PermissionDenials { get; init; } = [];

    /// <summary>The process exit code; null when it had to be killed or never started.</summary>
    public int? ExitCode { get; init; }

    /// <summary>The last ~4 KB of stderr.</summary>
    public string StderrTail { get; init; } = "";

    /// <summary>The model's last stop reason.</summary>
    public string? StopReason { get; init; }

    /// <summary>The HTTP status of a terminal API error.</summary>
    public int? ApiErrorStatus { get; init; }

    /// <summary>How many processes were started for this run.</summary>
    public int Attempts { get; init; } = 1;

    /// <summary>Whether the run called an editing tool (Write, Edit, MultiEdit, NotebookEdit, Bash); such runs are never retried.</summary>
    public bool MadeEdits { get; init; }

    /// <summary>The MCP servers the CLI's init event listed, with their status (<c>connected</c>, <c>failed</c>, …).</summary>
    public IReadOnlyList<McpServerState> McpServers { get; init; } = [];

    /// <summary>The raw result line, i.e. what <c>--output-format json</c> would print.</summary>
    public string? ResultJson { get; init; }

    /// <summary>
    /// Every event of the last attempt in stream order when the request asked for <see cref="ClaudeOutputFormat.StreamJson"/>
    /// (the transcript); empty for <see cref="ClaudeOutputFormat.Json"/>, which keeps only the result.
    /// </summary>
    public IReadOnlyList<ClaudeEvent> Events { get; init; } = [];

    /// <summary>
    /// The oversight journal of all attempts: every PreToolUse decision (tool, input summary, effect, rule, reason) and
    /// every PostToolUse record, in arrival order; empty when the run was not overseen.
    /// </summary>
    public IReadOnlyList<ToolDecision> ToolDecisions { get; init; } = [];

    /// <summary>The tool calls the policy refused (a subset of <see cref="ToolDecisions"/>).</summary>
    public IReadOnlyList<ToolDecision> PolicyDenials => [.. ToolDecisions.Where(d => d.Denied)];
}
