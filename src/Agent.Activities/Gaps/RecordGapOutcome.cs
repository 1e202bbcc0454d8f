using Agent.Activities.CycleStore;
using Agent.Workflows.Activities;
using Agent.Workflows.Execution;

namespace Agent.Activities.Gaps;

/// <summary>
/// Records how the work on a gap ended (<see cref="GapAttemptStore"/>): a failure adds one to its count (enough of
/// them park it), a success clears the count.
/// </summary>
[Activity("Agent", "Improvement cycle", "Records whether the work on a gap succeeded; a gap that keeps failing is parked.", DisplayName = "Record Gap Outcome")]
[FlowNode(RecordedOutcome, ParkedOutcome)]
public sealed class RecordGapOutcome : IActivity
{
    /// <summary>The outcome was recorded and the gap stays in the queue.</summary>
    public const string RecordedOutcome = "Recorded";

    /// <summary>This failure parked the gap.</summary>
    public const string ParkedOutcome = "Parked";

    /// <summary>The target repository (as in the snapshot).</summary>
    [Input(Description = "The target repository's path, as in the snapshot (its targetPath).", Order = 0)]
    public Input<string> TargetPath { get; set; } = null!;

    /// <summary>The gap's key.</summary>
    [Input(Description = "The gap's key (FindGaps' topGap.key).", Order = 1)]
    public Input<string> GapKey { get; set; } = null!;

    /// <summary>Whether the work succeeded.</summary>
    [Input(Description = "true when the change was accepted, false when it failed or was rejected.", Order = 2)]
    public Input<bool> Succeeded { get; set; } = null!;

    /// <summary>Why it failed.</summary>
    [Input(Description = "Why it failed (kept with the count).", Order = 3)]
    public Input<string> Error { get; set; } = null!;

    /// <summary>Failures so far.</summary>
    [Output(Description = "Failed attempts since the last success.")]
    public Output<int> Failures { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var target = context.Get(TargetPath);
        var key = context.Get(GapKey);
        if (string.IsNullOrWhiteSpace(target) || string.IsNullOrWhiteSpace(key))
            throw new WorkflowFaultException($"{context.ActivityId}: 'targetPath' and 'gapKey' are required; bind them to the snapshot's targetPath and the gap's key.", "cycle-invalid-input");
        var store = context.GetRequiredService<GapAttemptStore>();
        if (context.Get(Succeeded))
        {
            await store.ResetAsync(target, key, context.CancellationToken);
            context.Set(Failures, 0);
            context.Complete(RecordedOutcome);
            return;
        }
        var attempts = await store.RecordFailureAsync(target, key, context.Get(Error), context.Now, context.CancellationToken);
        context.Set(Failures, attempts.Failures);
        context.Complete(attempts.Parked ? ParkedOutcome : RecordedOutcome);
    }
}
