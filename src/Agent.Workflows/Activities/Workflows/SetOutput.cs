using Agent.Workflows.Execution;

namespace Agent.Workflows.Activities.Workflows;

/// <summary>
/// Sets one of the workflow's outputs (Elsa's <c>SetOutput</c>): inside a workflow used as an activity, that activity's
/// output; otherwise the instance's output, which a parent waiting in <c>Elsa.ExecuteWorkflow</c> receives.
/// </summary>
[Activity("Elsa", "Primitives", "Assign a value to a workflow's output field.")]
public sealed class SetOutput : IActivity
{
    /// <summary>The output to set, by its declared name.</summary>
    [Input(DisplayName = "Output Name", Description = "The name of the output to assign.")]
    public Input<string> OutputName { get; set; } = null!;

    /// <summary>The value.</summary>
    [Input(DisplayName = "Output Value", Description = "The value to assign.")]
    public Input<object?> OutputValue { get; set; } = null!;

    /// <inheritdoc />
    public ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var name = context.Get(OutputName);
        if (string.IsNullOrWhiteSpace(name)) throw new WorkflowFaultException($"SetOutput '{context.ActivityId}' names no output; set its Output Name to one of the workflow's outputs.");
        context.SetWorkflowOutput(name, context.Get(OutputValue));
        context.Complete();
        return ValueTask.CompletedTask;
    }
}
