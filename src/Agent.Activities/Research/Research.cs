using Agent.Activities.CycleStore;
using Agent.Activities.Gaps;

namespace Agent.Activities.Research;

/// <summary>Gathers context for a gap (<see cref="ResearchService"/>).</summary>
[Activity("Agent", "Improvement cycle", "Gathers context for a gap: relevant files, error excerpts and notes from research sources.", DisplayName = "Research")]
public sealed class Research : IActivity
{
    /// <summary>The gap.</summary>
    [Input(Description = "A gap from FindGaps (e.g. its topGap output).", Order = 0)]
    [Required]
    public Input<Gap> Gap { get; set; } = null!;

    /// <summary>The snapshot the gap came from.</summary>
    [Input(Description = "The snapshot id from AssessState.", Order = 1)]
    [Required]
    public Input<long> SnapshotId { get; set; } = null!;

    /// <summary>The research context.</summary>
    [Output(Description = "gapKey, files [{path, reason, content, truncated}], errorExcerpts, notes [{source, title, text, solutionIds}].")]
    public Output<ResearchContext> Context { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var gap = context.Require(Gap, "FindGaps' topGap");
        var snapshot = await SnapshotInput.ReadAsync(context, SnapshotId);
        var research = await context.GetRequiredService<ResearchService>().ResearchAsync(gap, snapshot, context.CancellationToken);
        context.Set(Context, research);
        context.Complete();
    }
}
