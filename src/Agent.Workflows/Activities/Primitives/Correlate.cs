using Agent.Workflows.Execution;

namespace Agent.Workflows.Activities.Primitives;

/// <summary>Sets the instance's correlation id (Elsa's <c>Correlate</c>); bookmarks created afterwards carry it.</summary>
[Activity("Elsa", "Primitives", "Set the CorrelationId of the workflow to a given value.")]
public sealed class Correlate : IActivity
{
    /// <summary>The new correlation id.</summary>
    [Input(Description = "An expression that evaluates to the value to store as the correlation id.")]
    public Input<string> CorrelationId { get; set; } = null!;

    /// <inheritdoc />
    public ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.Scope.CorrelationId = context.Get(CorrelationId);
        return ValueTask.CompletedTask;
    }
}

/// <summary>Sets the instance's name (Elsa's <c>SetName</c>), which lists and the Studio show.</summary>
[Activity("Elsa", "Primitives", "Set the name of the workflow instance to a specified value.", DisplayName = "Set Name")]
public sealed class SetName : IActivity
{
    /// <summary>The new name.</summary>
    [Input(Description = "The name to give the workflow instance.")]
    public Input<string> Value { get; set; } = null!;

    /// <inheritdoc />
    public ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.InstanceName = context.Get(Value);
        return ValueTask.CompletedTask;
    }
}
