using System.Diagnostics;
using Agent.Activities.Planning;

namespace Agent.Activities.SelfModification.CodeFixes;

/// <summary>
/// Applies the plan's known fix (<see cref="KnownCodeFixes"/>) inside the task's worktree: a Roslyn syntax edit instead
/// of a model run. Its <c>results</c> have the shape of ClaudeExecute's, so the cycle charges, learns and summarizes the
/// same way. <c>Failed</c> when the fix does not apply (the file is then untouched).
/// </summary>
/// <remarks>
/// Safe to rerun: the file is first restored to the worktree's base commit, so a run repeated after a crash applies the
/// same edit to the same text instead of finding the node gone and reporting a failure for a fix that worked.
/// </remarks>
[Activity("Agent", "Self-modification", "Applies a known deterministic fix (a Roslyn syntax edit) for the plan's compiler diagnostic in the worktree; no model is asked.", DisplayName = "Apply Known Fix")]
[FlowNode(DoneOutcome, FailedOutcome)]
public sealed class ApplyKnownFix : IActivity
{
    /// <summary>The fix was applied.</summary>
    public const string DoneOutcome = "Done";

    /// <summary>The fix did not apply; nothing changed.</summary>
    public const string FailedOutcome = "Failed";

    /// <summary>The worktree.</summary>
    [Input(Description = "The task's worktree (the output of CreateWorktree).", Order = 0)]
    [Required]
    public Input<TaskWorktree> Worktree { get; set; } = null!;

    /// <summary>The plan.</summary>
    [Input(Description = "Plan's plan in deterministic mode: its 'fix' names the diagnostic (diagnosticId, file, line, message).", Order = 1)]
    [Required]
    public Input<TaskPlan> Plan { get; set; } = null!;

    /// <summary>One run, in ClaudeExecute's result shape.</summary>
    [Output(Description = "One run like ClaudeExecute's results: success, subtype 'ast-fix', text, turns 0, costUsd 0, tokens, durationMs, error.")]
    public Output<List<object>> Results { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var worktree = context.Require(Worktree, "CreateWorktree's worktree");
        var fix = context.Require(Plan, "Plan's result").Fix
            ?? throw new WorkflowFaultException($"{context.ActivityId}: the plan has no 'fix'; route only plans whose mode is 'deterministic' to this step.", ActivityInputs.InvalidInputCode);
        var started = Stopwatch.GetTimestamp();
        // Whatever a crashed earlier run did to the file is undone; a path git refuses is left for the fix to refuse with its reason.
        await context.GetRequiredService<GitRepository>().Git.TryRunAsync(worktree.Path, ["checkout", worktree.BaseCommit, "--", fix.File], context.CancellationToken);
        var result = await context.GetRequiredService<KnownCodeFixes>().ApplyAsync(worktree.Path, fix, context.CancellationToken);
        context.Set(Results, [KnownFixRun.ToPlain(result, Stopwatch.GetElapsedTime(started))]);
        context.WriteLine($"ast-fix: {(result.IsApplied ? "applied" : "not applicable")}: {result.Text}");
        context.Complete(result.IsApplied ? DoneOutcome : FailedOutcome);
    }
}
