namespace Agent.Activities.SelfModification;

/// <summary>
/// Drops a task's change: its worktree and branch are removed and nothing of the target branch changes. Safe to repeat
/// after a crash, and for a worktree a crash already half-removed.
/// </summary>
[Activity("Agent", "Self-modification", "Removes a task's worktree and branch; the target branch is untouched.", DisplayName = "Discard Change")]
[FlowNode(DiscardedOutcome)]
public sealed class DiscardChange : IActivity
{
    /// <summary>The worktree and branch were removed.</summary>
    public const string DiscardedOutcome = "Discarded";

    /// <summary>The task's worktree (CreateWorktree's output).</summary>
    [Input(Description = "The task's worktree (the output of CreateWorktree).", Order = 0)]
    [Required]
    public Input<TaskWorktree> Worktree { get; set; } = null!;

    /// <summary>What happened.</summary>
    [Output(Description = "outcome: Discarded.")]
    public Output<ChangeResult> Result { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        await context.GetRequiredService<TaskWorktrees>().DiscardAsync(context.Require(Worktree, "CreateWorktree's worktree"), context.CancellationToken);
        context.Set(Result, new ChangeResult(DiscardedOutcome));
        context.Complete(DiscardedOutcome);
    }
}
