namespace Agent.Activities.Claude;

/// <summary>The modes of <see cref="ClaudeExecute"/>.</summary>
public static class ClaudeExecuteModes
{
    /// <summary>One prompt, one run; the outcome is in <c>result</c>.</summary>
    public const string Simple = "simple";

    /// <summary>Every prompt of <c>prompts</c> runs concurrently (under the runner's global cap); outcomes are in <c>results</c>, in prompt order.</summary>
    public const string Parallel = "parallel";

    /// <summary>
    /// Every prompt (<c>prompts</c>, or <c>prompt</c> when that list is empty) becomes a background job; the workflow
    /// suspends and resumes when all jobs ended, with <c>results</c> (and <c>result</c> for a single prompt). Jobs
    /// outlive the request; the server resumes the workflow, also after a restart (jobs then show as interrupted).
    /// </summary>
    public const string Async = "async";

    /// <summary>Every mode, as definitions spell them.</summary>
    public static IReadOnlyList<string> All { get; } = [Simple, Parallel, Async];
}

/// <summary>
/// The run options of a <see cref="ClaudeExecute"/> activity, already evaluated. Turning them into requests is kept
/// out of the activity so it can be tested without the engine.
/// </summary>
public sealed record ClaudeExecuteSettings
{
    /// <summary>The working directory of every run.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>One of <see cref="ClaudePermissionModes.All"/>, or null for the CLI's default.</summary>
    public string? PermissionMode { get; init; }

    /// <summary>A model alias or id.</summary>
    public string? Model { get; init; }

    /// <summary>The CLI's turn limit.</summary>
    public int? MaxTurns { get; init; }

    /// <summary>Tool rules pre-approved.</summary>
    public IReadOnlyList<string> AllowedTools { get; init; } = [];

    /// <summary>Tools removed from the model's tool list.</summary>
    public IReadOnlyList<string> DisallowedTools { get; init; } = [];

    /// <summary>The wall-clock limit per run in seconds; null = the runner's default.</summary>
    public double? TimeoutSeconds { get; init; }

    /// <summary>The token budget per run.</summary>
    public long? MaxTokens { get; init; }

    /// <summary>The USD budget per run.</summary>
    public decimal? MaxUsd { get; init; }

    /// <summary>Extra environment variables for the CLI (e.g. <c>HOME</c>).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Whether the working directory's <c>.mcp.json</c> is passed with <c>--mcp-config</c>. It is read when the request is
    /// built, so a server integrated a moment ago is in the very next run, without restarting the agent.
    /// </summary>
    public bool LoadTargetMcpServers { get; init; } = true;

    /// <summary>
    /// The folder whose <c>.mcp.json</c> is loaded; null = <see cref="WorkingDirectory"/>. The improvement cycle points it at
    /// the target repository: a server integrated there is written to the target's (untracked) file, which the task
    /// worktree, a checkout of the last commit, does not have.
    /// </summary>
    public string? McpConfigDirectory { get; init; }

    /// <summary>Inline MCP config (<c>{"mcpServers": …}</c>) passed with <c>--mcp-config</c> after the <c>.mcp.json</c>; see <see cref="ExtraMcpServers"/>.</summary>
    public string? ExtraMcpConfig { get; init; }

    /// <summary>The target repository the run works for (see <see cref="ClaudeRunRequest.TargetRoot"/>).</summary>
    public string? TargetRoot { get; init; }

    /// <summary>The gap type worked on (see <see cref="ClaudeRunRequest.TaskType"/>).</summary>
    public string? TaskType { get; init; }

    /// <summary>The name of the MCP configuration file looked for in <see cref="McpConfigDirectory"/>.</summary>
    public const string TargetMcpConfigFileName = ".mcp.json";

    /// <summary>A request for <paramref name="prompt"/> with these settings (not validated here: the caller does that for all prompts first).</summary>
    public ClaudeRunRequest ToRequest(string prompt) => new()
    {
        Prompt = prompt,
        WorkingDirectory = WorkingDirectory ?? "",
        // Only the result is kept; the runner reads the stream anyway for the budget and edit tracking.
        OutputFormat = ClaudeOutputFormat.Json,
        PermissionMode = string.IsNullOrWhiteSpace(PermissionMode) ? null : PermissionMode,
        Model = string.IsNullOrWhiteSpace(Model) ? null : Model,
        MaxTurns = MaxTurns,
        AllowedTools = AllowedTools,
        DisallowedTools = DisallowedTools,
        // A non-positive value becomes a non-positive timeout, which the validator rejects with its own message.
        Timeout = TimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
        Budget = MaxTokens is null && MaxUsd is null ? null : new ClaudeBudget(MaxTokens, MaxUsd),
        Environment = Environment,
        McpConfig = [.. new[] { TargetMcpConfig(), string.IsNullOrWhiteSpace(ExtraMcpConfig) ? null : ExtraMcpConfig }.OfType<string>()],
        TargetRoot = string.IsNullOrWhiteSpace(TargetRoot) ? null : TargetRoot,
        TaskType = string.IsNullOrWhiteSpace(TaskType) ? null : TaskType,
    };

    private string? TargetMcpConfig()
    {
        var directory = string.IsNullOrWhiteSpace(McpConfigDirectory) ? WorkingDirectory : McpConfigDirectory;
        if (!LoadTargetMcpServers || string.IsNullOrWhiteSpace(directory)) return null;
        var file = Path.Combine(Path.GetFullPath(directory), TargetMcpConfigFileName);
        return File.Exists(file) ? file : null;
    }
}
