namespace Agent.Activities.Claude;

/// <summary>One headless run of <c>claude -p</c>. Validate with <see cref="ClaudeRequestValidator"/> (the runner does).</summary>
public sealed record ClaudeRunRequest
{
    /// <summary>The prompt, passed as the positional argument after <c>-p</c>.</summary>
    public required string Prompt { get; init; }

    /// <summary>The CLI's working directory (there is no cwd flag); must exist.</summary>
    public required string WorkingDirectory { get; init; }

    /// <summary>What the caller wants back.</summary>
    public ClaudeOutputFormat OutputFormat { get; init; } = ClaudeOutputFormat.Json;

    /// <summary>One of <see cref="ClaudePermissionModes.All"/>; absent = the CLI's default.</summary>
    public string? PermissionMode { get; init; }

    /// <summary>Tool rules pre-approved, e.g. <c>Write</c>, <c>Bash(echo *)</c>.</summary>
    public IReadOnlyList<string> AllowedTools { get; init; } = [];

    /// <summary>Tools removed from the model's tool list.</summary>
    public IReadOnlyList<string> DisallowedTools { get; init; } = [];

    /// <summary>The CLI's turn limit; exceeding it ends the run as <c>error_max_turns</c>.</summary>
    public int? MaxTurns { get; init; }

    /// <summary>A model alias or id.</summary>
    public string? Model { get; init; }

    /// <summary>Text appended to the CLI's system prompt.</summary>
    public string? AppendSystemPrompt { get; init; }

    /// <summary>MCP config files or inline JSON for <c>--mcp-config</c>.</summary>
    public IReadOnlyList<string> McpConfig { get; init; } = [];

    /// <summary>Use only the servers of <see cref="McpConfig"/> (<c>--strict-mcp-config</c>).</summary>
    public bool StrictMcpConfig { get; init; }

    /// <summary>A session to resume (it must belong to the same working directory).</summary>
    public string? ResumeSessionId { get; init; }

    /// <summary>
    /// Whether a transient API failure after the run used an editing tool is retried by resuming its session with
    /// <see cref="ContinuePrompt"/> (the model sees what it already did). Off by default: such runs are not retried at all,
    /// because a fresh start would redo edits on a tree that already has them.
    /// </summary>
    public bool ResumeAfterEdits { get; init; }

    /// <summary>The prompt of an attempt that resumes an interrupted session (see <see cref="ResumeAfterEdits"/>).</summary>
    public string ContinuePrompt { get; init; } = DefaultContinuePrompt;

    /// <summary>The default <see cref="ContinuePrompt"/>.</summary>
    public const string DefaultContinuePrompt =
        "The previous attempt stopped because of an API error. Continue the task from where you left off; do not redo changes that are already made.";

    /// <summary>The wall-clock limit; absent = <see cref="ClaudeCliOptions.DefaultTimeout"/>.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Token and cost limits, checked while the stream runs.</summary>
    public ClaudeBudget? Budget { get; init; }

    /// <summary>
    /// The account the run's spend is charged to besides the day and month: the improvement cycle's id when the run is
    /// part of a cycle (its remaining <c>Guards:MaxTokensPerCycle</c>/<c>MaxUsdPerCycle</c> then limit the run), else null.
    /// </summary>
    public string? BudgetAccount { get; init; }

    /// <summary>Extra environment variables for the child (e.g. <c>HOME</c>); they win over the runner's own.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The CLI's <c>--settings</c> (inline JSON or a file path); the oversight hooks are merged into it.</summary>
    public string? Settings { get; init; }

    /// <summary>The target repository the run works for (the policy's per-target override and "outside the target" rules); absent = unknown.</summary>
    public string? TargetRoot { get; init; }

    /// <summary>The gap type being worked on (<c>failing-test</c>, <c>build-error</c>…), for rules such as "no editing tests in a fix".</summary>
    public string? TaskType { get; init; }

    /// <summary>Globs relative to the target no tool call may edit; absent = <c>Validation:ProtectedPaths</c>.</summary>
    public IReadOnlyList<string>? ProtectedPaths { get; init; }
}

/// <summary>
/// Limits on a run. Tokens are summed from the usage of each assistant message as the stream arrives; USD is
/// passed to the CLI as <c>--max-budget-usd</c> because cost is only priced inside the CLI.
/// </summary>
/// <param name="MaxTokens">Input + output + cache tokens over all model calls.</param>
/// <param name="MaxUsd">Total cost in US dollars.</param>
public sealed record ClaudeBudget(long? MaxTokens = null, decimal? MaxUsd = null);
