using Agent.Workflows.Execution;

namespace Agent.Workflows.Activities.Looping;

/// <summary>
/// Leaves the nearest enclosing loop (<c>Elsa.ForEach</c>, <c>Elsa.For</c>, <c>Elsa.While</c>): everything still pending in
/// the loop's body is dropped and the loop completes with <c>Done</c>. A definition with a Break outside every loop is refused.
/// </summary>
[Activity("Elsa", "Looping", "Break out of a loop.")]
[TerminalNode]
public sealed class Break : IActivity
{
    /// <inheritdoc />
    public ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.BreakLoop();
        return ValueTask.CompletedTask;
    }
}
