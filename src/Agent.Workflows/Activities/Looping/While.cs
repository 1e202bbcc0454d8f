using Agent.Workflows.Activities.Composition;
using Agent.Workflows.Execution;
using Agent.Workflows.Model;

namespace Agent.Workflows.Activities.Looping;

/// <summary>
/// Runs <see cref="Body"/> for as long as <see cref="Condition"/> holds, evaluating it before every iteration (Elsa's
/// <c>While</c>); an <c>Elsa.Break</c> in the body ends it.
/// </summary>
[Activity("Elsa", "Looping", "Execute an activity while a given condition evaluates to true.")]
public sealed class While : ILoopActivity
{
    /// <summary>Evaluated before each iteration; the loop ends when it is false.</summary>
    [Input(Description = "The condition evaluated before each iteration.", DefaultValue = false, DefaultSyntax = "JavaScript", UIHint = "SingleLine")]
    public Input<bool> Condition { get; set; } = null!;

    /// <summary>The activity run for each iteration.</summary>
    [Port]
    public ActivityNode? Body { get; set; }

    /// <inheritdoc />
    public IEnumerable<EmbeddedChild> GetChildren(ActivityNode node) => Body is null ? [] : [new("body", Body)];

    /// <inheritdoc />
    public ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        Next(context);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask OnChildCompletedAsync(ActivityExecutionContext context, ChildCompletion completion)
    {
        Next(context);
        return ValueTask.CompletedTask;
    }

    private void Next(ActivityExecutionContext context)
    {
        if (!context.Get(Condition)) { context.Complete(); return; }
        if (Body is null)
            throw new WorkflowFaultException($"Activity '{context.ActivityId}' (Elsa.While) has no body and its condition is true, so it would loop forever; give it a body or a condition that becomes false.");
        var iteration = context.GetProperty<long>("Iteration");
        context.SetProperty("Iteration", iteration + 1);
        context.ScheduleChild(Body, null, iteration.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
