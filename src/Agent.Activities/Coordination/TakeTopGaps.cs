using Agent.Activities.Gaps;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Coordination;

/// <summary>The top gaps the coordinating workflow works at once: the first <c>Coordination:MaxGaps</c> of FindGaps' ranked list (or a count given).</summary>
[Activity("Agent", "Coordination", "Takes the top Coordination:MaxGaps gaps of a ranked list, for a ParallelForEach.", DisplayName = "Take Top Gaps")]
public sealed class TakeTopGaps : IActivity
{
    /// <summary>The ranked gaps.</summary>
    [Input(Description = "The ranked gaps (FindGaps' gaps).", Order = 0)]
    public Input<List<Gap>> Gaps { get; set; } = null!;

    /// <summary>How many; empty = Coordination:MaxGaps.</summary>
    [Input(Description = "How many gaps (1 to 16); empty = Coordination:MaxGaps.", Order = 1)]
    public Input<int?> Count { get; set; } = null!;

    /// <summary>The gaps taken.</summary>
    [Output(Description = "The top gaps, in rank order.")]
    public Output<List<Gap>> Top { get; set; } = null!;

    /// <inheritdoc />
    public ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var count = context.Get(Count) ?? context.GetRequiredService<IOptions<CoordinationOptions>>().Value.MaxGaps;
        if (count is < 1 or > 16) throw new WorkflowFaultException($"{context.NodePath}: count is {count}; give 1 to 16 gaps.", ActivityInputs.InvalidInputCode);
        var top = (context.Get(Gaps) ?? []).Take(count).ToList();
        context.Set(Top, top);
        context.WriteLine($"coordination: working {top.Count} gap(s) at once: {string.Join(", ", top.Select(g => g.Key))}");
        context.Complete();
        return ValueTask.CompletedTask;
    }
}
