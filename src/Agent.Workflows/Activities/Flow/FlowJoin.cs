using Agent.Workflows.Execution;
using Agent.Workflows.Execution.Flowchart;

namespace Agent.Workflows.Activities.Flow;

/// <summary>How a join waits for its inbound branches.</summary>
public enum FlowJoinMode
{
    /// <summary>Continue when the first branch arrives; the others are cancelled.</summary>
    WaitAny,
    /// <summary>Continue when every branch that can still arrive has arrived.</summary>
    WaitAll,
    /// <summary>Continue only when every inbound connection has delivered.</summary>
    WaitAllInbound,
}

/// <summary>Joins inbound branches.</summary>
[Activity("Elsa", "Branching", "Waits for inbound branches, then continues once.", DisplayName = "Join")]
[FlowNode]
public sealed class FlowJoin : IActivity, IJoinActivity
{
    /// <summary>How to wait.</summary>
    [Input(Description = "WaitAny continues on the first branch; WaitAll waits for every active branch; WaitAllInbound for every connection.",
        Options = ["WaitAny", "WaitAll", "WaitAllInbound"], DefaultValue = "WaitAny")]
    public Input<FlowJoinMode> Mode { get; set; } = null!;

    /// <inheritdoc />
    public MergeMode MergeMode => Enum.TryParse<FlowJoinMode>(Mode.Expression?.Text, true, out var m) ? m switch
    {
        FlowJoinMode.WaitAny => MergeMode.Race,
        FlowJoinMode.WaitAllInbound => MergeMode.Converge,
        _ => MergeMode.Merge,
    } : MergeMode.Race;

    /// <inheritdoc />
    public ValueTask ExecuteAsync(ActivityExecutionContext context) => ValueTask.CompletedTask;
}
