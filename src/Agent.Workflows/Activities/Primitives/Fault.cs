using Agent.Workflows.Execution;

namespace Agent.Workflows.Activities.Primitives;

/// <summary>Faults the instance with a message; the fault becomes an incident.</summary>
[Activity("Elsa", "Primitives", "Faults the workflow instance with a message.")]
[FlowNode]
public sealed class Fault : IActivity
{
    /// <summary>A machine-readable code.</summary>
    [Input(Description = "A code identifying the fault.")]
    public Input<string> Code { get; set; } = null!;

    /// <summary>What went wrong.</summary>
    [Input(Description = "The fault message.")]
    public Input<string> Message { get; set; } = null!;

    /// <summary>A category, e.g. Business or System.</summary>
    [Input(Description = "The fault category.")]
    public Input<string> Category { get; set; } = null!;

    /// <summary>Why the fault happened.</summary>
    [Input(Description = "The reason for the fault.")]
    public Input<string> Reason { get; set; } = null!;

    /// <inheritdoc />
    public ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var message = context.Get(Message);
        var reason = context.Get(Reason);
        var text = string.IsNullOrEmpty(message) ? reason : string.IsNullOrEmpty(reason) ? message : $"{message} ({reason})";
        throw new WorkflowFaultException(string.IsNullOrEmpty(text) ? $"Fault activity '{context.ActivityId}' was reached." : text, context.Get(Code));
    }
}
