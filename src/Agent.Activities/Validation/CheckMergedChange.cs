using Agent.Activities.Assessment;
using Agent.Activities.Cycle;
using Agent.Activities.SelfModification;

namespace Agent.Activities.Validation;

/// <summary>
/// The cycle's check after a merge (<see cref="MergedChangeCheck"/>): <c>Passed</c> when the merged commit builds and
/// tests at least as well as the commit before it (or no check was needed), <c>Failed</c> when it regressed — the
/// definition then reverts it. Reads only, so after a crash it simply runs again.
/// </summary>
[Activity("Agent", "Validation", "Builds and tests a merged change against the commit before it; routes to a revert when it regressed.", DisplayName = "Check Merged Change")]
[FlowNode(PassedOutcome, FailedOutcome)]
public sealed class CheckMergedChange : IActivity
{
    /// <summary>Nothing regressed, or no check was needed.</summary>
    public const string PassedOutcome = "Passed";
    /// <summary>The merged commit regressed: revert it.</summary>
    public const string FailedOutcome = "Failed";

    /// <summary>The worktree the change came from.</summary>
    [Input(Description = "The task's worktree (CreateWorktree's output; its baseCommit is what validation measured on).", Order = 0)]
    [Required]
    public Input<TaskWorktree> Worktree { get; set; } = null!;

    /// <summary>The merged commit.</summary>
    [Input(Description = "The merged commit (MergeChange's result.commit).", Order = 1)]
    public Input<string> Commit { get; set; } = null!;

    /// <summary>The verdict.</summary>
    [Output(Description = "checked, passed, regressions[], reason.")]
    public Output<object> Result { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var worktree = context.Require(Worktree, "CreateWorktree's worktree");
        var commit = context.Get(Commit);
        if (string.IsNullOrWhiteSpace(commit))
            throw new WorkflowFaultException($"{context.ActivityId}: 'commit' is empty; bind it to the merge's result.commit.", ActivityInputs.InvalidInputCode);
        PostMergeVerdict verdict;
        try
        {
            verdict = await context.GetRequiredService<MergedChangeCheck>().CheckAsync(worktree, commit, new WriteLineProgress(context, "post-merge: "), context.CancellationToken);
        }
        catch (Exception e) when (e is AssessmentException or GitCommandException)
        {
            throw new WorkflowFaultException($"{context.ActivityId}: {e.Message}", "cycle-invalid-target");
        }
        context.Set<object>(Result, new { @checked = verdict.Checked, passed = verdict.Passed, regressions = verdict.Regressions, reason = verdict.Reason });
        context.WriteLine($"post-merge: {verdict.Reason}");
        context.Complete(verdict.Passed ? PassedOutcome : FailedOutcome);
    }
}
