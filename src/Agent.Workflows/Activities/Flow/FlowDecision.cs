using Agent.Workflows.Execution;

namespace Agent.Workflows.Activities.Flow;

/// <summary>Routes to <c>True</c> or <c>False</c> by a condition.</summary>
[Activity("Elsa", "Branching", "Evaluates a condition and continues on True or False.", DisplayName = "Decision")]
[FlowNode("True", "False")]
public sealed class FlowDecision : IActivity
{
    /// <summary>The condition to evaluate.</summary>
    [Input(Description = "The condition to evaluate.", UIHint = "SingleLine", DefaultSyntax = "JavaScript")]
    public Input<bool> Condition { get; set; } = null!;

    /// <inheritdoc />
    public ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.Complete(context.Get(Condition) ? "True" : "False");
        return ValueTask.CompletedTask;
    }
}
