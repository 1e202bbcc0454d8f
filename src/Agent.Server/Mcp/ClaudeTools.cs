using System.ComponentModel;
using Agent.Activities.Claude;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace Agent.Server.Mcp;

/// <summary>
/// The Claude Code tools of the MCP server. Thin by design: arguments become a request (validated, see
/// <see cref="McpArguments"/>) and the work is done by <see cref="ClaudeRunner"/>, <see cref="ClaudeBatchRunner"/> and <see cref="ClaudeJobs"/>.
/// </summary>
[McpServerToolType]
public sealed class ClaudeTools(ClaudeRunner runner, ClaudeBatchRunner batch, ClaudeJobs jobs)
{
    private const string TaskDoc = "The task for Claude Code (the prompt).";
    private const string CwdDoc = "Required: an existing directory Claude Code works in.";
    private const string ModeDoc = "Permission mode: default, acceptEdits, bypassPermissions, plan (or others the CLI knows).";
    private const string FormatDoc = "json (final result) or stream-json (also streams progress notifications).";
    private const string BudgetDoc = "The most the run may cost, in USD (must be positive).";
    private const string TokensDoc = "The most tokens the run may use, input + output + cache over all model calls (must be positive); checked while it streams.";
    private const string SessionDoc = "A session id from an earlier result to resume (the conversation continues in the same cwd).";
    private const string ResumeEditsDoc = "If true, a transient API failure after the run edited files is retried by resuming its session instead of failing.";

    /// <summary>Runs Claude Code once and returns its result.</summary>
    [McpServerTool(Name = "claude_run"), Description("Runs Claude Code headless (claude -p) on a task in a directory and returns the result: success, text, session id, turns, cost, usage, errors.")]
    public async Task<ClaudeRunResult> RunAsync(
        [Description(TaskDoc)] string? task = null,
        [Description(CwdDoc)] string? cwd = null,
        [Description(ModeDoc)] string? permissionMode = null,
        [Description(FormatDoc)] string? outputFormat = null,
        [Description("A model alias or id.")] string? model = null,
        [Description("The turn limit (at least 1).")] int? maxTurns = null,
        [Description("Pre-approved tool rules, e.g. Write, Bash(git *).")] string[]? allowedTools = null,
        [Description("Tools removed from the model.")] string[]? disallowedTools = null,
        [Description("Wall-clock limit in seconds.")] double? timeoutSeconds = null,
        [Description(BudgetDoc)] decimal? budget = null,
        [Description(TokensDoc)] long? budgetTokens = null,
        [Description(SessionDoc)] string? resumeSessionId = null,
        [Description(ResumeEditsDoc)] bool? resumeAfterEdits = null,
        IProgress<ProgressNotificationValue>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var request = McpArguments.ToRequest(new ClaudeRunArguments
        {
            Task = task, Cwd = cwd, PermissionMode = permissionMode, OutputFormat = outputFormat, Model = model, MaxTurns = maxTurns,
            AllowedTools = allowedTools, DisallowedTools = disallowedTools, TimeoutSeconds = timeoutSeconds, Budget = budget,
            BudgetTokens = budgetTokens, ResumeSessionId = resumeSessionId, ResumeAfterEdits = resumeAfterEdits,
        });
        return await runner.RunAsync(request, progress is null ? null : new McpProgressReporter(progress), cancellationToken);
    }

    /// <summary>Runs many tasks with bounded concurrency.</summary>
    [McpServerTool(Name = "claude_run_batch"), Description("Runs several Claude Code tasks, at most max_concurrent at once. Returns one item per task in task order: its result or its own error (one failure does not sink the batch).")]
    public async Task<IReadOnlyList<ClaudeBatchItem>> RunBatchAsync(
        [Description("The tasks; each has the arguments of claude_run (task, cwd, permissionMode, ...).")] ClaudeRunArguments[] tasks,
        [Description("How many tasks run at once (1-50, default 10).")] int max_concurrent = ClaudeBatchRunner.DefaultMaxConcurrent,
        CancellationToken cancellationToken = default)
    {
        if (tasks is null || tasks.Length == 0) throw McpArguments.Invalid("tasks", "give at least one task.");
        if (max_concurrent is < 1 or > ClaudeBatchRunner.MaxAllowedConcurrent)
            throw McpArguments.Invalid("max_concurrent", $"{max_concurrent} must be between 1 and {ClaudeBatchRunner.MaxAllowedConcurrent}.");
        // A task whose arguments cannot be converted is that task's error; the batch runner reports invalid requests the same way.
        var items = new ClaudeBatchItem?[tasks.Length];
        var runnable = new List<(int Index, ClaudeRunRequest Request)>();
        for (var i = 0; i < tasks.Length; i++)
        {
            try
            {
                runnable.Add((i, McpArguments.Map(tasks[i], $"tasks[{i}].")));
            }
            catch (McpProtocolException e)
            {
                items[i] = new ClaudeBatchItem(i, null, e.Message);
            }
        }
        var results = await batch.RunAsync([.. runnable.Select(r => r.Request)], max_concurrent, cancellationToken);
        for (var j = 0; j < runnable.Count; j++) items[runnable[j].Index] = results[j] with { Index = runnable[j].Index };
        return [.. items.Select(item => item!)];
    }

    /// <summary>Starts a run in the background.</summary>
    [McpServerTool(Name = "claude_run_async"), Description("Starts Claude Code in the background with the arguments of claude_run; returns { jobId } at once. Follow it with claude_job_status / claude_job_result.")]
    public async Task<JobStarted> RunAsyncJob(
        [Description(TaskDoc)] string? task = null,
        [Description(CwdDoc)] string? cwd = null,
        [Description(ModeDoc)] string? permissionMode = null,
        [Description(FormatDoc)] string? outputFormat = null,
        [Description("A model alias or id.")] string? model = null,
        [Description("The turn limit (at least 1).")] int? maxTurns = null,
        [Description("Pre-approved tool rules, e.g. Write, Bash(git *).")] string[]? allowedTools = null,
        [Description("Tools removed from the model.")] string[]? disallowedTools = null,
        [Description("Wall-clock limit in seconds.")] double? timeoutSeconds = null,
        [Description(BudgetDoc)] decimal? budget = null,
        [Description(TokensDoc)] long? budgetTokens = null,
        [Description(SessionDoc)] string? resumeSessionId = null,
        [Description(ResumeEditsDoc)] bool? resumeAfterEdits = null,
        CancellationToken cancellationToken = default)
    {
        var request = McpArguments.ToRequest(new ClaudeRunArguments
        {
            Task = task, Cwd = cwd, PermissionMode = permissionMode, OutputFormat = outputFormat, Model = model, MaxTurns = maxTurns,
            AllowedTools = allowedTools, DisallowedTools = disallowedTools, TimeoutSeconds = timeoutSeconds, Budget = budget,
            BudgetTokens = budgetTokens, ResumeSessionId = resumeSessionId, ResumeAfterEdits = resumeAfterEdits,
        });
        return new JobStarted(await jobs.StartAsync(request, cancellationToken));
    }

    /// <summary>Resumes the session of an ended (typically interrupted) job as a new job.</summary>
    [McpServerTool(Name = "claude_job_resume"), Description("Continues an ended job's Claude Code session (e.g. one left interrupted by a server restart) as a new job in the same cwd; returns { jobId } of the new job.")]
    public async Task<JobStarted> JobResumeAsync(
        [Description("The job to continue (it must have ended and have a session id).")] string jobId,
        [Description("What to tell the resumed session; default: continue the task where it stopped.")] string? task = null,
        [Description(ModeDoc)] string? permissionMode = null,
        [Description("A model alias or id.")] string? model = null,
        [Description("The turn limit (at least 1).")] int? maxTurns = null,
        [Description("Pre-approved tool rules, e.g. Write, Bash(git *).")] string[]? allowedTools = null,
        [Description("Tools removed from the model.")] string[]? disallowedTools = null,
        [Description("Wall-clock limit in seconds.")] double? timeoutSeconds = null,
        [Description(BudgetDoc)] decimal? budget = null,
        [Description(TokensDoc)] long? budgetTokens = null,
        CancellationToken cancellationToken = default)
    {
        var old = await jobs.GetStatusAsync(jobId, cancellationToken) ?? throw UnknownJob(jobId);
        var request = McpArguments.ToRequest(new ClaudeRunArguments
        {
            Task = task ?? ResumeJobPrompt, Cwd = old.WorkingDirectory, PermissionMode = permissionMode, Model = model, MaxTurns = maxTurns,
            AllowedTools = allowedTools, DisallowedTools = disallowedTools, TimeoutSeconds = timeoutSeconds, Budget = budget, BudgetTokens = budgetTokens,
        });
        try
        {
            return new JobStarted(await jobs.ResumeAsync(jobId, request, cancellationToken));
        }
        catch (ClaudeJobNotResumableException e)
        {
            throw McpArguments.Invalid("jobId", e.Message);
        }
    }

    /// <summary>What a resumed job is told when the caller gives no task.</summary>
    public const string ResumeJobPrompt = "Your previous run was interrupted before it finished. Continue the task where you left off; do not redo changes that are already made.";

    /// <summary>A job's state and progress.</summary>
    [McpServerTool(Name = "claude_job_status"), Description("The state of a job (queued, running, succeeded, failed, cancelled, interrupted), elapsed time, turns and cost so far, and its last event.")]
    public async Task<JobView> JobStatusAsync([Description("The job id from claude_run_async.")] string jobId, CancellationToken cancellationToken = default) =>
        JobView.From(await jobs.GetStatusAsync(jobId, cancellationToken) ?? throw UnknownJob(jobId), includeResult: false);

    /// <summary>A job's result, optionally waiting for it.</summary>
    [McpServerTool(Name = "claude_job_result"), Description("The job's status with its result once it ended; waits up to waitSeconds for it to end (default 0: answer at once).")]
    public async Task<JobView> JobResultAsync(
        [Description("The job id from claude_run_async.")] string jobId,
        [Description("Seconds to wait for the job to end (0-3600).")] double waitSeconds = 0,
        CancellationToken cancellationToken = default)
    {
        if (double.IsNaN(waitSeconds) || waitSeconds is < 0 or > 3600) throw McpArguments.Invalid("waitSeconds", $"{waitSeconds} must be between 0 and 3600.");
        return JobView.From(await jobs.GetResultAsync(jobId, TimeSpan.FromSeconds(waitSeconds), cancellationToken) ?? throw UnknownJob(jobId), includeResult: true);
    }

    /// <summary>Cancels a job.</summary>
    [McpServerTool(Name = "claude_job_cancel"), Description("Cancels a running job (its Claude Code process tree is killed) and returns its status.")]
    public async Task<JobView> JobCancelAsync([Description("The job id from claude_run_async.")] string jobId, CancellationToken cancellationToken = default)
    {
        await jobs.CancelAsync(jobId, cancellationToken);
        return JobView.From(await jobs.GetStatusAsync(jobId, cancellationToken) ?? throw UnknownJob(jobId), includeResult: false);
    }

    /// <summary>Lists jobs.</summary>
    [McpServerTool(Name = "claude_jobs_list"), Description("Lists jobs newest first, optionally only those in one state (queued, running, succeeded, failed, cancelled, interrupted).")]
    public async Task<IReadOnlyList<JobView>> JobsListAsync([Description("Only jobs in this state.")] string? state = null, CancellationToken cancellationToken = default)
    {
        if (state is not null && !ClaudeJobState.All.Contains(state))
            throw McpArguments.Invalid("state", $"'{state}' is unknown: use one of {string.Join(", ", ClaudeJobState.All)}.");
        return [.. (await jobs.ListAsync(state, 100, cancellationToken)).Select(j => JobView.From(j, includeResult: false))];
    }

    private static McpProtocolException UnknownJob(string jobId) => McpArguments.Invalid("jobId", $"no job '{jobId}'.");
}

/// <summary>The answer of <c>claude_run_async</c>.</summary>
/// <param name="JobId">The id to pass to the other job tools.</param>
public sealed record JobStarted(string JobId);

/// <summary>A job as the tools return it.</summary>
public sealed record JobView(
    string JobId, string State, string WorkingDirectory, double ElapsedSeconds, int Turns, decimal CostUsd,
    string? LastEvent, string? SessionId, string? Error, ClaudeRunResult? Result)
{
    /// <summary>The view of <paramref name="job"/>.</summary>
    public static JobView From(ClaudeJobStatus job, bool includeResult) => new(
        job.Id, job.State, job.WorkingDirectory, Math.Round(job.Elapsed.TotalSeconds, 3), job.Turns, job.CostUsd,
        job.LastEvent, job.SessionId, job.Error, includeResult ? job.Result : null);
}
