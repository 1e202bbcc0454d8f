using Agent.Activities.CycleStore;
using Agent.Activities.Goals;

namespace Agent.Activities.Gaps;

/// <summary>Compares a snapshot with the target's goals and outputs the ranked gaps (<see cref="GapFinder"/>).</summary>
[Activity("Agent", "Improvement cycle", "Compares a snapshot with the goals and ranks the gaps by impact × confidence ÷ expected cost.", DisplayName = "Find Gaps")]
[FlowNode(FoundOutcome, NoneOutcome)]
public sealed class FindGaps : IActivity
{
    /// <summary>At least one gap is ranked.</summary>
    public const string FoundOutcome = "Found";

    /// <summary>Every goal is met, unknown, or its gaps are parked.</summary>
    public const string NoneOutcome = "None";

    /// <summary>The snapshot to compare.</summary>
    [Input(Description = "The snapshot id from AssessState.", Order = 0)]
    public Input<long> SnapshotId { get; set; } = null!;

    /// <summary>The gaps, highest priority first.</summary>
    [Output(Description = "Ranked gaps: key, taskType, goalId, goalTitle, metric, target, current, subject, files, summary, impact, confidence, expectedCost, priority, failures, advice.")]
    public Output<List<object>> Gaps { get; set; } = null!;

    /// <summary>The first gap, or null.</summary>
    [Output(Description = "The highest-priority gap, or null.")]
    public Output<object> TopGap { get; set; } = null!;

    /// <summary>Gaps skipped after repeated failures.</summary>
    [Output(Description = "Gaps parked after failing too often.")]
    public Output<List<object>> Parked { get; set; } = null!;

    /// <summary>Where the goals came from.</summary>
    [Output(Description = "The goals file used, or 'defaults'.")]
    public Output<string> GoalsSource { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var snapshot = await SnapshotInput.ReadAsync(context, SnapshotId);
        GoalTree goals;
        try
        {
            goals = await context.GetRequiredService<GoalsFileReader>().LoadAsync(snapshot.TargetPath, context.CancellationToken);
        }
        catch (GoalsFileException e)
        {
            throw new WorkflowFaultException($"{context.ActivityId}: {e.Message}", "cycle-invalid-goals");
        }
        var queue = await context.GetRequiredService<GapFinder>().FindAsync(goals, snapshot, context.CancellationToken);
        // Capability gaps join the ranking only when capability discovery is registered and told to emit them.
        if (context.GetService<Discovery.Analysis.CapabilityGapEmitter>() is { } emitter)
            queue = Discovery.Analysis.CapabilityGapEmitter.Merge(queue, await emitter.GapsAsync(snapshot.TargetPath, context.CancellationToken));
        context.Set(Gaps, queue.Ranked.Cast<object>().ToList());
        context.Set(TopGap, queue.Top!);
        context.Set(Parked, queue.Parked.Cast<object>().ToList());
        context.Set(GoalsSource, goals.Source);
        context.Complete(queue.Top is null ? NoneOutcome : FoundOutcome);
    }
}
