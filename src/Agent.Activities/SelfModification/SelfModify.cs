using Agent.Workflows.Activities;
using Agent.Workflows.Execution;

namespace Agent.Activities.SelfModification;

/// <summary>
/// Keeps or drops a task's change. <c>merge</c>: one atomic commit (message from title, cycle, gap and metric deltas)
/// fast-forwarded onto the target branch, then the worktree is removed — <c>Merged</c>, or <c>Conflict</c> when it does
/// not apply (nothing changed). <c>discard</c>: the worktree and branch are removed — <c>Discarded</c>. Safe to repeat
/// after a crash: a change whose <c>Agent-Task</c> trailer is already on the target branch is not merged twice.
/// </summary>
[Activity("Agent", "Self-modification", "Merges a task's worktree into the target branch as one commit, or discards it.", DisplayName = "Self Modify")]
[FlowNode(MergedOutcome, ConflictOutcome, DiscardedOutcome)]
public sealed class SelfModify : IActivity
{
    /// <summary>The change is on the target branch.</summary>
    public const string MergedOutcome = "Merged";
    /// <summary>The change does not apply on the target branch (or git refused); nothing changed.</summary>
    public const string ConflictOutcome = "Conflict";
    /// <summary>The worktree and branch were removed.</summary>
    public const string DiscardedOutcome = "Discarded";

    /// <summary>The task's worktree (CreateWorktree's output).</summary>
    [Input(Description = "The task's worktree (the output of CreateWorktree).", Order = 0)]
    public Input<object> Worktree { get; set; } = null!;

    /// <summary>merge or discard.</summary>
    [Input(Description = "merge or discard.", UIHint = "Dropdown", Options = ["merge", "discard"], DefaultValue = "merge", Order = 1)]
    public Input<string> Action { get; set; } = null!;

    /// <summary>The commit subject.</summary>
    [Input(Description = "What the change does, in one line (the commit subject after 'agent: ').", Order = 2)]
    public Input<string> Title { get; set; } = null!;

    /// <summary>The cycle's id.</summary>
    [Input(Description = "The improvement cycle's id (Agent-Cycle trailer).", Order = 3)]
    public Input<string> CycleId { get; set; } = null!;

    /// <summary>The gap.</summary>
    [Input(Description = "The gap the change closes.", Order = 4)]
    public Input<string> Gap { get; set; } = null!;

    /// <summary>Metric deltas for the message.</summary>
    [Input(Description = "Metric deltas for the message: a list of { name, before, after }.", Order = 5)]
    public Input<object> Metrics { get; set; } = null!;

    /// <summary>What happened.</summary>
    [Output(Description = "outcome (Merged, AlreadyMerged, Conflict, Refused, Discarded), commit, reason.")]
    public Output<object> Result { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var worktree = PlainRecords.Read<TaskWorktree>(context.Get(Worktree), context.ActivityId, "worktree");
        var worktrees = context.GetRequiredService<TaskWorktrees>();
        var action = (context.Get(Action) ?? "merge").Trim().ToLowerInvariant();
        if (action == "discard")
        {
            await worktrees.DiscardAsync(worktree, context.CancellationToken);
            context.Set<object>(Result, new { outcome = "Discarded" });
            context.Complete(DiscardedOutcome);
            return;
        }
        if (action != "merge") throw new WorkflowFaultException($"{context.ActivityId}: action '{action}' is not known; use merge or discard.");

        var integrator = context.GetRequiredService<ChangeIntegrator>();
        MergeResult result;
        try
        {
            result = await integrator.FindMergedAsync(worktree, context.CancellationToken) is { } merged
                ? new MergeResult(MergeOutcome.AlreadyMerged, merged)
                : await CommitAndMergeAsync(context, integrator, worktree);
        }
        catch (SelfModificationException e)
        {
            result = new MergeResult(MergeOutcome.Refused, null, e.Message);
        }
        context.Set<object>(Result, new { outcome = result.Outcome.ToString(), commit = result.Commit, reason = result.Reason });
        if (result.Outcome is MergeOutcome.Merged or MergeOutcome.AlreadyMerged)
        {
            await worktrees.DiscardAsync(worktree, context.CancellationToken);
            context.Complete(MergedOutcome);
        }
        else context.Complete(ConflictOutcome);
    }

    private async Task<MergeResult> CommitAndMergeAsync(ActivityExecutionContext context, ChangeIntegrator integrator, TaskWorktree worktree)
    {
        var metrics = context.Get(Metrics) is { } m ? PlainRecords.Read<List<MetricDelta>>(m, context.ActivityId, "metrics") : [];
        await integrator.CommitAsync(worktree, new CommitRequest
        {
            TaskId = worktree.TaskId, Title = context.Get(Title) ?? "", CycleId = context.Get(CycleId), Gap = context.Get(Gap), Metrics = metrics,
        }, context.CancellationToken);
        return await integrator.MergeAsync(worktree, context.CancellationToken);
    }
}
