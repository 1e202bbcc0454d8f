using Agent.Workflows.Execution;
using Agent.Workflows.Execution.Flowchart;

namespace Agent.Workflows.Activities.Flow;

/// <summary>How a join waits for its inbound branches (Elsa 3.5+ names and numbers).</summary>
public enum FlowJoinMode
{
    /// <summary>Continue when every forward inbound connection has delivered (Elsa's token <c>Merge</c>).</summary>
    WaitAll = 0,
    /// <summary>Continue once every inbound branch has delivered or can no longer deliver.</summary>
    WaitAllActive = 1,
    /// <summary>Continue on the first branch; waiting activities on the other branches are cancelled.</summary>
    WaitAny = 2,
    /// <summary>Continue when every inbound connection, loop back edges included, has delivered (<c>Converge</c>).</summary>
    WaitAllInbound = 3,
}

/// <summary>Joins inbound branches; the flowchart does the waiting according to <see cref="Mode"/>.</summary>
[Activity("Elsa", "Branching", "Waits for inbound branches, then continues once.", DisplayName = "Join")]
[FlowNode]
public sealed class FlowJoin : IActivity, IJoinActivity
{
    /// <summary>How to wait.</summary>
    [Input(Description = "WaitAny continues on the first branch; WaitAll waits for every branch; WaitAllActive for every branch still able to arrive; WaitAllInbound for every connection.",
        Options = ["WaitAny", "WaitAll", "WaitAllActive", "WaitAllInbound"], DefaultValue = "WaitAny")]
    public Input<FlowJoinMode> Mode { get; set; } = null!;

    /// <inheritdoc />
    public MergeMode MergeMode => ParseMode(Mode.Expression?.Text) switch
    {
        FlowJoinMode.WaitAll => MergeMode.Merge,
        FlowJoinMode.WaitAllActive => MergeMode.WaitAllActive,
        FlowJoinMode.WaitAllInbound => MergeMode.Converge,
        _ => MergeMode.Race,
    };

    /// <inheritdoc />
    public ValueTask ExecuteAsync(ActivityExecutionContext context) => ValueTask.CompletedTask;

    // The mode is read from the literal at compile time: joins are structural, not data-dependent.
    private static FlowJoinMode ParseMode(string? text) =>
        Enum.TryParse<FlowJoinMode>(text, ignoreCase: true, out var mode) && Enum.IsDefined(mode) ? mode : FlowJoinMode.WaitAny;
}
