using Agent.Activities.Cycle;
using Agent.Activities.CycleStore;
using Agent.Activities.Gaps;
using Agent.Workflows.Activities;
using Agent.Workflows.Execution;

namespace Agent.Activities.Research;

/// <summary>Gathers context for a gap (<see cref="ResearchService"/>).</summary>
[Activity("Agent", "Improvement cycle", "Gathers context for a gap: relevant files, error excerpts and notes from research sources.", DisplayName = "Research", Name = "Research")]
public sealed class ResearchGap : IActivity
{
    /// <summary>The gap.</summary>
    [Input(Description = "A gap from FindGaps (e.g. its topGap output).", Order = 0)]
    public Input<object> Gap { get; set; } = null!;

    /// <summary>The snapshot the gap came from.</summary>
    [Input(Description = "The snapshot id from AssessState.", Order = 1)]
    public Input<long> SnapshotId { get; set; } = null!;

    /// <summary>The research context.</summary>
    [Output(Description = "gapKey, files [{path, reason, content, truncated}], errorExcerpts, notes [{source, title, text}].")]
    public Output<object> Context { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var gap = PlainRecords.Read<Gap>(context.Get(Gap), context.ActivityId, "gap");
        var snapshot = await SnapshotInput.ReadAsync(context, SnapshotId);
        var research = await context.GetRequiredService<ResearchService>().ResearchAsync(gap, snapshot, context.CancellationToken);
        context.Set(Context, research);
        context.Complete();
    }
}
