using Agent.Activities.Safety.Audit;
using Agent.Activities.Safety.Events;

namespace Agent.Activities.SelfModification;

/// <summary>
/// Keeps a task's change: one atomic commit (message from title, cycle, gap and metric deltas) fast-forwarded onto the
/// target branch, then the worktree is removed — <c>Merged</c>; <c>Conflict</c> when it does not apply (nothing
/// changed). Safe to repeat after a crash: a change whose <c>Agent-Task</c> trailer is already on the target branch is
/// not merged twice.
/// </summary>
[Activity("Agent", "Self-modification", "Merges a task's worktree into the target branch as one commit.", DisplayName = "Merge Change")]
[FlowNode(MergedOutcome, ConflictOutcome)]
public sealed class MergeChange : IActivity
{
    /// <summary>The change is on the target branch.</summary>
    public const string MergedOutcome = "Merged";
    /// <summary>The change does not apply on the target branch (or git refused); nothing changed.</summary>
    public const string ConflictOutcome = "Conflict";

    /// <summary>The task's worktree (CreateWorktree's output).</summary>
    [Input(Description = "The task's worktree (the output of CreateWorktree).", Order = 0)]
    [Required]
    public Input<TaskWorktree> Worktree { get; set; } = null!;

    /// <summary>The commit subject.</summary>
    [Input(Description = "What the change does, in one line (the commit subject after 'agent: ').", Order = 1)]
    [Required]
    public Input<string> Title { get; set; } = null!;

    /// <summary>The cycle's id.</summary>
    [Input(Description = "The improvement cycle's id (Agent-Cycle trailer).", Order = 2)]
    public Input<string> CycleId { get; set; } = null!;

    /// <summary>The gap.</summary>
    [Input(Description = "The gap the change closes.", Order = 3)]
    public Input<string> Gap { get; set; } = null!;

    /// <summary>Metric deltas for the message.</summary>
    [Input(Description = "Metric deltas for the message: a list of { name, before, after }.", Order = 4)]
    public Input<List<MetricDelta>> Metrics { get; set; } = null!;

    /// <summary>What happened.</summary>
    [Output(Description = "outcome (Merged, AlreadyMerged, Conflict, Refused), commit, reason.")]
    public Output<ChangeResult> Result { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var worktree = context.Require(Worktree, "CreateWorktree's worktree");
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
        context.Set(Result, new ChangeResult(result.Outcome.ToString(), result.Commit, result.Reason));
        if (result.Outcome is MergeOutcome.Merged or MergeOutcome.AlreadyMerged)
        {
            // Counted by commit, so a step re-run after a crash (AlreadyMerged) does not count the change twice.
            if (result.Commit is { } commit && context.GetService<Safety.Budgets.SelfModificationRateLimit>() is { } rate)
                await rate.RecordMergeAsync(worktree.TargetRepository, commit, context.CancellationToken);
            await context.GetRequiredService<TaskWorktrees>().DiscardAsync(worktree, context.CancellationToken);
            // Keyed by the commit, so the re-run after a crash (AlreadyMerged) does not report the merge twice.
            await context.GetService<ISafetyEventSink>().PublishOnceAsync($"{worktree.TargetRepository}@{result.Commit}", SafetyEventKinds.ChangeMerged, "agent",
                $"Merged '{context.Get(Title)}' into {worktree.TargetRepository} as {result.Commit}.",
                new Dictionary<string, string>
                {
                    ["target"] = worktree.TargetRepository, ["commit"] = result.Commit ?? "", ["task"] = worktree.TaskId,
                    ["cycle"] = context.Get(CycleId) ?? "", ["gap"] = context.Get(Gap) ?? "", ["instance"] = context.InstanceId,
                }, context.Now, context.CancellationToken);
            context.Complete(MergedOutcome);
        }
        else context.Complete(ConflictOutcome);
    }

    private async Task<MergeResult> CommitAndMergeAsync(ActivityExecutionContext context, ChangeIntegrator integrator, TaskWorktree worktree)
    {
        await integrator.CommitAsync(worktree, new CommitRequest
        {
            TaskId = worktree.TaskId, Title = context.Get(Title) ?? "", CycleId = context.Get(CycleId), Gap = context.Get(Gap), Metrics = context.Get(Metrics) ?? [],
        }, context.CancellationToken);
        return await integrator.MergeAsync(worktree, context.CancellationToken);
    }
}
