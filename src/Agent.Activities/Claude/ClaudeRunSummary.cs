namespace Agent.Activities.Claude;

/// <summary>
/// One Claude Code run as the cycle's later steps read it: the plain shape of ClaudeExecute's and ApplyKnownFix's
/// <c>results</c> (<see cref="ClaudeResultView.ToPlain"/>), typed so an activity declares it as an input.
/// </summary>
public sealed record ClaudeRunSummary
{
    /// <summary>Whether the run succeeded.</summary>
    public bool Success { get; init; }
    /// <summary>The result's subtype (<c>success</c>, <c>error_max_turns</c>…; <c>ast-fix</c> for a known fix).</summary>
    public string? Subtype { get; init; }
    /// <summary>What the model said last: its own account of the change.</summary>
    public string? Text { get; init; }
    /// <summary>The session id, to resume it.</summary>
    public string? SessionId { get; init; }
    /// <summary>Model turns.</summary>
    public int Turns { get; init; }
    /// <summary>Cost in USD.</summary>
    public double CostUsd { get; init; }
    /// <summary>Tokens used.</summary>
    public ClaudeTokenCounts? Tokens { get; init; }
    /// <summary>Wall-clock duration in milliseconds.</summary>
    public long DurationMs { get; init; }
    /// <summary>Why the run failed, when it did.</summary>
    public string? Error { get; init; }
    /// <summary>The tool calls the policy refused during the run, one line each (tool, input, rule and reason).</summary>
    public IReadOnlyList<string> PolicyDenials { get; init; } = [];
    /// <summary>The job's state in async mode (<c>succeeded</c>, <c>failed</c>, <c>interrupted</c>…).</summary>
    public string? State { get; init; }
}

/// <summary>The tokens of one run.</summary>
/// <param name="Input">Input tokens.</param>
/// <param name="Output">Output tokens.</param>
/// <param name="CacheCreationInput">Tokens written to the prompt cache.</param>
/// <param name="CacheReadInput">Tokens read from the prompt cache.</param>
/// <param name="Total">All of them.</param>
public sealed record ClaudeTokenCounts(long Input, long Output, long CacheCreationInput, long CacheReadInput, long Total);
