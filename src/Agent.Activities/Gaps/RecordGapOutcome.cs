using Agent.Activities.Guards;

namespace Agent.Activities.Gaps;

/// <summary>
/// Records an attempt at a gap with the <see cref="CycleGuard"/>, the one place gap attempts are counted: a gap that
/// keeps failing (or runs out of attempts) is parked, and FindGaps skips it until it is unparked. The attempt is keyed
/// by the execution's id, so re-running this step after a crash counts it once.
/// </summary>
[Activity("Agent", "Improvement cycle", "Records whether the work on a gap succeeded; a gap that keeps failing is parked.", DisplayName = "Record Gap Outcome")]
[FlowNode(RecordedOutcome, ParkedOutcome)]
public sealed class RecordGapOutcome : IActivity
{
    /// <summary>The outcome was recorded and the gap stays in the queue.</summary>
    public const string RecordedOutcome = "Recorded";

    /// <summary>The gap is parked (this failure was one too many).</summary>
    public const string ParkedOutcome = "Parked";

    /// <summary>The target repository (as in the snapshot).</summary>
    [Input(Description = "The target repository's path, as in the snapshot (its targetPath).", Order = 0)]
    public Input<string> TargetPath { get; set; } = null!;

    /// <summary>The gap's key.</summary>
    [Input(Description = "The gap's key (FindGaps' topGap.key).", Order = 1)]
    public Input<string> GapKey { get; set; } = null!;

    /// <summary>Whether the work succeeded.</summary>
    [Input(Description = "true when the change was kept, false when it failed or was rejected.", Order = 2)]
    public Input<bool> Succeeded { get; set; } = null!;

    /// <summary>The cycle the attempt belongs to.</summary>
    [Input(Description = "The improvement cycle's id (kept with the attempt).", Order = 3)]
    public Input<string> CycleId { get; set; } = null!;

    /// <summary>Failures in a row so far.</summary>
    [Output(Description = "Failed attempts in a row (0 after a success).")]
    public Output<int> Failures { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var target = context.Get(TargetPath);
        var key = context.Get(GapKey);
        if (string.IsNullOrWhiteSpace(target) || string.IsNullOrWhiteSpace(key))
            throw new WorkflowFaultException($"{context.ActivityId}: 'targetPath' and 'gapKey' are required; bind them to the snapshot's targetPath and the gap's key.", ActivityInputs.InvalidInputCode);
        var status = await context.GetRequiredService<CycleGuard>().RecordAttemptAsync(
            CycleGuard.GapId(target, key), context.ExecutionId, context.Get(CycleId), context.Get(Succeeded), context.CancellationToken);
        context.Set(Failures, status.FailuresInARow);
        context.Complete(status.Parked ? ParkedOutcome : RecordedOutcome);
    }
}
