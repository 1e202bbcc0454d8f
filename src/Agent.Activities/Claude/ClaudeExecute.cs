namespace Agent.Activities.Claude;

/// <summary>
/// Runs Claude Code headless through <see cref="ClaudeRunner"/>: one prompt (<c>simple</c>), several at once
/// (<c>parallel</c>), or as background jobs the workflow waits for without holding a thread (<c>async</c>, see
/// <see cref="ClaudeExecuteModes.Async"/>). A run that does not succeed completes with <c>Failed</c> so the workflow can route on it; invalid
/// inputs fault the instance with the validator's message.
/// </summary>
/// <remarks>
/// Not safe to rerun: a run may already have edited files when the process dies, and running the prompt again on the
/// changed tree could repeat or garble those edits. After a crash the instance faults instead.
/// </remarks>
[Activity("Agent", "Claude", "Runs Claude Code headless on a prompt (or several in parallel) and returns the result.", DisplayName = "Claude Execute", SafeToRerun = false)]
[FlowNode(DoneOutcome, FailedOutcome)]
public sealed class ClaudeExecute : IResumableActivity
{
    /// <summary>The outcome when every run succeeded.</summary>
    public const string DoneOutcome = "Done";

    /// <summary>The outcome when a run did not succeed (any of them, in parallel mode).</summary>
    public const string FailedOutcome = "Failed";

    /// <summary>The task of simple mode.</summary>
    [Input(Description = "The task for Claude Code (simple mode).", UIHint = "MultiLine", Order = 0)]
    public Input<string> Prompt { get; set; } = null!;

    /// <summary>The tasks of parallel mode.</summary>
    [Input(Description = "The tasks to run concurrently (parallel mode); results keep this order.", Order = 1)]
    public Input<List<string>> Prompts { get; set; } = null!;

    /// <summary>The working directory.</summary>
    [Input(Description = "The directory Claude Code works in; it must exist.", Order = 2)]
    public Input<string> Cwd { get; set; } = null!;

    /// <summary><c>simple</c> or <c>parallel</c>.</summary>
    [Input(Description = "simple: run prompt; parallel: run every entry of prompts concurrently; async: run them as background jobs and wait for them without holding the engine.", UIHint = "Dropdown", Options = [ClaudeExecuteModes.Simple, ClaudeExecuteModes.Parallel, ClaudeExecuteModes.Async], DefaultValue = ClaudeExecuteModes.Simple, Order = 3)]
    public Input<string> Mode { get; set; } = null!;

    /// <summary>The CLI's permission mode.</summary>
    [Input(Description = "acceptEdits, auto, bypassPermissions, default, dontAsk or plan; empty = the CLI's default.", Order = 4)]
    public Input<string> PermissionMode { get; set; } = null!;

    /// <summary>A model alias or id.</summary>
    [Input(Description = "A model alias or id; empty = the CLI's default.", Order = 5)]
    public Input<string> Model { get; set; } = null!;

    /// <summary>The turn limit.</summary>
    [Input(Description = "The CLI's turn limit; reaching it fails the run with error_max_turns.", Order = 6)]
    public Input<int?> MaxTurns { get; set; } = null!;

    /// <summary>Pre-approved tool rules.</summary>
    [Input(Description = "Tool rules approved without asking, e.g. Write, Bash(git *).", Order = 7)]
    public Input<List<string>> AllowedTools { get; set; } = null!;

    /// <summary>Removed tools.</summary>
    [Input(Description = "Tools the model may not use.", Order = 8)]
    public Input<List<string>> DisallowedTools { get; set; } = null!;

    /// <summary>The wall-clock limit per run.</summary>
    [Input(Description = "Seconds before a run is killed; empty = Claude:DefaultTimeout.", Order = 9)]
    public Input<double?> TimeoutSeconds { get; set; } = null!;

    /// <summary>The token budget per run.</summary>
    [Input(Description = "Stop a run once it has used this many tokens (input + output + cache).", Order = 10)]
    public Input<long?> MaxTokens { get; set; } = null!;

    /// <summary>The USD budget per run.</summary>
    [Input(Description = "Stop a run once it has cost this many US dollars.", Order = 11)]
    public Input<decimal?> MaxUsd { get; set; } = null!;

    /// <summary>Extra environment variables for the CLI.</summary>
    [Input(Description = "Extra environment variables for the CLI (e.g. HOME); they win over the runner's own.", Order = 12)]
    public Input<Dictionary<string, string>> Environment { get; set; } = null!;

    /// <summary>Whether the working directory's <c>.mcp.json</c> servers are given to the CLI.</summary>
    [Input(Description = "Give the CLI the MCP servers of the working directory's .mcp.json (--mcp-config), read fresh for every run.", DefaultValue = true, Order = 13)]
    public Input<bool?> LoadTargetMcpServers { get; set; } = null!;

    /// <summary>The folder whose <c>.mcp.json</c> is loaded; empty = the working directory.</summary>
    [Input(Description = "The folder whose .mcp.json is loaded (e.g. the target repository, when Claude works in a task worktree that lacks the servers integrated since); empty = the working directory.", Order = 14)]
    public Input<string?> McpConfigDirectory { get; set; } = null!;

    /// <summary>The target repository the runs work for (the policy's per-target override and its target-relative rules).</summary>
    [Input(Description = "The target repository the runs work for: its agent.policy.yaml override and protected paths apply to every tool call; empty = the working directory alone.", Order = 15)]
    public Input<string?> TargetRoot { get; set; } = null!;

    /// <summary>The gap type worked on, for policy rules such as "no editing tests in a fix".</summary>
    [Input(Description = "The gap type being worked on (failing-test, build-error…), for policy rules that depend on it; empty = unknown.", Order = 16)]
    public Input<string?> TaskType { get; set; } = null!;

    /// <summary>MCP servers for these runs besides the <c>.mcp.json</c> ones.</summary>
    [Input(Description = "Extra MCP servers for these runs, besides the .mcp.json ones: an object mapping a name to { command, args?, env? } (e.g. the agent's own server for a spawned agent).", Order = 17)]
    public Input<object> McpServers { get; set; } = null!;

    /// <summary>The run's result (simple mode).</summary>
    [Output(Description = "success, subtype, text, sessionId, turns, costUsd, tokens, durationMs, attempts, error, mcpServers (name, status from the init event), toolDecisions (the policy's decision on every tool call), policyDenials (one line per refused call).")]
    public Output<object> Result { get; set; } = null!;

    /// <summary>One result per prompt, in prompt order (parallel and async modes).</summary>
    [Output(Description = "One result per prompt, in prompt order (parallel and async modes).")]
    public Output<List<object>> Results { get; set; } = null!;

    /// <summary>The background jobs of async mode.</summary>
    [Output(Description = "The job ids of async mode (follow them with the claude_job_* MCP tools).")]
    public Output<List<object>> JobIds { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var mode = context.Get(Mode);
        IReadOnlyList<ClaudeRunRequest> requests;
        try
        {
            // Charged to the workflow instance: in the improvement cycle that is the cycle's id, so the cycle budget limits the runs.
            requests = [.. ClaudeExecutePlan.Build(mode, context.Get(Prompt), context.Get(Prompts), ReadSettings(context))
                .Select(r => r with { BudgetAccount = context.InstanceId })];
        }
        catch (ClaudeRequestException e)
        {
            // A definition error, not a transient one: fault without retries, with the validator's words.
            throw new WorkflowFaultException($"{context.ActivityId}: {e.Message}", "claude-invalid-input");
        }

        if (string.Equals(mode?.Trim(), ClaudeExecuteModes.Async, StringComparison.Ordinal))
        {
            await StartJobsAsync(context, requests);
            return;
        }
        var runner = context.GetRequiredService<ClaudeRunner>();
        // All runs start at once; the runner's concurrency limit decides how many CLI processes really run together.
        var results = await Task.WhenAll(requests.Select(r => runner.RunAsync(r, null, context.CancellationToken)));

        var views = results.Select(r => (object)ClaudeResultView.ToPlain(r)).ToList();
        if (string.Equals(mode?.Trim(), ClaudeExecuteModes.Parallel, StringComparison.Ordinal)) context.Set(Results, views);
        else context.Set(Result, views[0]);
        context.Complete(results.All(r => r.IsSuccess) ? DoneOutcome : FailedOutcome);
    }

    /// <inheritdoc />
    public ValueTask ResumeAsync(ActivityExecutionContext context)
    {
        var results = context.ResumeInput?.GetValueOrDefault(ClaudeJobBookmarks.ResultsKey) as IEnumerable<object?> ?? [];
        var views = results.OfType<Dictionary<string, object?>>().Select(r => (object)r).ToList();
        context.Set(Results, views);
        if (views.Count == 1) context.Set(Result, views[0]);
        var allSucceeded = views.Count > 0 && views.All(v => ((Dictionary<string, object?>)v).GetValueOrDefault("success") is true);
        context.Complete(allSucceeded ? DoneOutcome : FailedOutcome);
        return ValueTask.CompletedTask;
    }

    private async Task StartJobsAsync(ActivityExecutionContext context, IReadOnlyList<ClaudeRunRequest> requests)
    {
        var jobs = context.GetRequiredService<ClaudeJobs>();
        var ids = new List<object>();
        foreach (var request in requests) ids.Add(await jobs.StartAsync(request, context.CancellationToken));
        context.Set(JobIds, ids);
        // The ids travel with the bookmark, so whoever resumes it needs nothing but the database.
        context.CreateBookmark(ClaudeJobBookmarks.BookmarkName, new Dictionary<string, object?> { [ClaudeJobBookmarks.JobIdsKey] = ids.ToList<object?>() });
    }

    private ClaudeExecuteSettings ReadSettings(ActivityExecutionContext context) => new()
    {
        WorkingDirectory = context.Get(Cwd),
        PermissionMode = context.Get(PermissionMode),
        Model = context.Get(Model),
        MaxTurns = context.Get(MaxTurns),
        AllowedTools = context.Get(AllowedTools) ?? [],
        DisallowedTools = context.Get(DisallowedTools) ?? [],
        TimeoutSeconds = context.Get(TimeoutSeconds),
        MaxTokens = context.Get(MaxTokens),
        MaxUsd = context.Get(MaxUsd),
        Environment = context.Get(Environment) ?? [],
        LoadTargetMcpServers = context.Get(LoadTargetMcpServers) ?? true,
        McpConfigDirectory = context.Get(McpConfigDirectory),
        ExtraMcpConfig = ExtraMcpConfigOf(context),
        TargetRoot = context.Get(TargetRoot),
        TaskType = context.Get(TaskType),
    };

    private string? ExtraMcpConfigOf(ActivityExecutionContext context)
    {
        try
        {
            return ExtraMcpServers.ToInlineConfig(context.Get(McpServers));
        }
        catch (ArgumentException e)
        {
            throw new WorkflowFaultException($"{context.NodePath}: {e.Message}");
        }
    }
}
