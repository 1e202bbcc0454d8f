namespace Agent.Activities.Claude;

/// <summary>Turns what one process did into a <see cref="ClaudeRunResult"/>.</summary>
internal static class ClaudeResultMapper
{
    /// <summary>HTTP statuses worth another attempt.</summary>
    private static readonly IReadOnlySet<int> TransientStatuses = new HashSet<int> { 429, 500, 502, 503, 504, 529 };

    /// <param name="tracker">What the stream showed.</param>
    /// <param name="stop">Why the runner stopped the process (subtype, message), or null when it ended by itself.</param>
    /// <param name="exitCode">The exit code when the process ended by itself.</param>
    /// <param name="stderr">The stderr tail.</param>
    public static ClaudeRunResult Map(RunTracker tracker, (string Subtype, string Message)? stop, int? exitCode, string stderr)
    {
        var r = tracker.Result;
        var baseResult = new ClaudeRunResult
        {
            Subtype = ClaudeRunSubtypes.Crashed,
            SessionId = tracker.SessionId,
            Usage = r?.Usage is { Total: > 0 } usage ? usage : tracker.StreamUsage,
            ExitCode = exitCode,
            StderrTail = stderr,
            MadeEdits = tracker.MadeEdits,
            McpServers = tracker.McpServers,
            Text = r?.Result,
            Turns = r?.NumTurns ?? 0,
            CostUsd = r?.CostUsd ?? 0,
            PermissionDenials = r?.PermissionDenials ?? [],
            StopReason = r?.StopReason,
            ApiErrorStatus = r?.ApiErrorStatus,
            ResultJson = r?.RawJson,
        };
        if (stop is { } s) return baseResult with { Subtype = s.Subtype, Error = s.Message };
        if (r is null)
        {
            var last = stderr.Length > 500 ? stderr[^500..] : stderr;
            return baseResult with { Error = $"The CLI exited with code {exitCode} without a result line (crashed or killed from outside). stderr: {last.Trim()}" };
        }
        if (!r.IsError) return baseResult with { IsSuccess = true, Subtype = r.Subtype };
        var message = r.Result ?? (r.Errors.Count > 0 ? string.Join("; ", r.Errors) : $"The CLI reported {r.Subtype} with is_error=true.");
        var subtype = r.Subtype switch
        {
            "error_max_budget_usd" => ClaudeRunSubtypes.BudgetExceeded,
            _ when r.ApiErrorStatus is not null || message.StartsWith("API Error", StringComparison.Ordinal) => ClaudeRunSubtypes.ApiError,
            _ => r.Subtype,
        };
        return baseResult with { Subtype = subtype, Error = message };
    }

    /// <summary>An API failure that another attempt may fix (rate limit, server error, overload).</summary>
    public static bool IsTransient(ClaudeRunResult result) =>
        result.Subtype == ClaudeRunSubtypes.ApiError
        && (result.ApiErrorStatus is { } status && TransientStatuses.Contains(status)
            || (result.Error ?? "").Contains("overloaded", StringComparison.OrdinalIgnoreCase));
}
