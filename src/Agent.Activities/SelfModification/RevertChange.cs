using Agent.Activities.Safety.Audit;
using Agent.Activities.Safety.Events;

namespace Agent.Activities.SelfModification;

/// <summary>Reverts a merged commit with a new commit on the target branch (when a check after the merge fails); repeated, it does nothing more.</summary>
[Activity("Agent", "Self-modification", "Reverts a merged change with a new commit.", DisplayName = "Revert Change")]
[FlowNode(RevertedOutcome, ConflictOutcome)]
public sealed class RevertChange : IActivity
{
    /// <summary>The revert commit is on the target branch.</summary>
    public const string RevertedOutcome = "Reverted";
    /// <summary>The commit cannot be reverted cleanly; nothing changed.</summary>
    public const string ConflictOutcome = "Conflict";

    /// <summary>The repository.</summary>
    [Input(Description = "The target repository.", Order = 0)]
    public Input<string> TargetRepository { get; set; } = null!;

    /// <summary>The commit to revert.</summary>
    [Input(Description = "The merged commit to revert.", Order = 1)]
    public Input<string> Commit { get; set; } = null!;

    /// <summary>Why.</summary>
    [Input(Description = "Why it is reverted (the revert's message body).", Order = 2)]
    public Input<string> Reason { get; set; } = null!;

    /// <summary>What happened.</summary>
    [Output(Description = "outcome (Merged, AlreadyMerged, Conflict, Refused), commit (the revert), reason.")]
    public Output<object> Result { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        MergeResult result;
        try
        {
            result = await context.GetRequiredService<ChangeIntegrator>().RevertAsync(context.Get(TargetRepository) ?? "", context.Get(Commit) ?? "",
                context.Get(Reason) ?? "a check after the merge failed", context.CancellationToken);
        }
        catch (Exception e) when (e is NotAGitRepositoryException or GitCommandException)
        {
            throw new WorkflowFaultException($"{context.ActivityId}: {e.Message}", "self-modification");
        }
        context.Set<object>(Result, new { outcome = result.Outcome.ToString(), commit = result.Commit, reason = result.Reason });
        if (result.Outcome is MergeOutcome.Merged or MergeOutcome.AlreadyMerged)
        {
            var target = context.Get(TargetRepository) ?? "";
            var reverted = context.Get(Commit) ?? "";
            var reason = context.Get(Reason) ?? "a check after the merge failed";
            await context.GetService<ISafetyEventSink>().PublishOnceAsync($"{target}@{reverted}", SafetyEventKinds.ChangeReverted, "agent",
                $"Reverted {reverted} in {target}: {reason}.",
                new Dictionary<string, string> { ["target"] = target, ["commit"] = reverted, ["revert_commit"] = result.Commit ?? "", ["reason"] = reason, ["instance"] = context.InstanceId },
                context.Now, context.CancellationToken);
        }
        context.Complete(result.Outcome is MergeOutcome.Merged or MergeOutcome.AlreadyMerged ? RevertedOutcome : ConflictOutcome);
    }
}
