using Agent.Workflows.Execution;

namespace Agent.Workflows.Activities.Composition;

/// <summary>
/// Sets an output of the workflow it runs in (Elsa's <c>SetOutput</c>): the instance's output, or, inside a workflow used
/// as an activity, that activity's output of the same name.
/// </summary>
[Activity("Elsa", "Composition", "Assigns a given value to a the container's output.", DisplayName = "Set Output")]
public sealed class SetOutput : IActivity
{
    /// <summary>The name of a declared output of the workflow.</summary>
    [Input(DisplayName = "Output", Description = "The output to assign.", UIHint = "output-picker", Order = 0)]
    [System.ComponentModel.DataAnnotations.Required]
    public Input<string> OutputName { get; set; } = null!;

    /// <summary>The value.</summary>
    [Input(Description = "The value to assign.", Order = 1)]
    public Input<object> OutputValue { get; set; } = null!;

    /// <inheritdoc />
    public ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var name = context.Get(OutputName);
        if (string.IsNullOrWhiteSpace(name))
            throw new WorkflowFaultException($"Activity '{context.ActivityId}' (Elsa.SetOutput, at {context.NodePath}.outputName) names no output; give it the name of one of the workflow's outputs.");
        context.SetWorkflowOutput(name, context.Get(OutputValue));
        return ValueTask.CompletedTask;
    }
}
