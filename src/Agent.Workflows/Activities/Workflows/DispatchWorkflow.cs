using Agent.Workflows.Runtime;

namespace Agent.Workflows.Activities.Workflows;

/// <summary>
/// Starts a new instance of another definition's published version (Elsa's <c>DispatchWorkflow</c>). Here the child
/// runs at once until it ends or waits, as for <see cref="ExecuteWorkflow"/>: there is no dispatch queue. Not waiting,
/// the activity completes with the child's instance id; waiting, it completes when the child ends, with its output.
/// </summary>
[Activity("Elsa", "Composition", "Create a new workflow instance of the specified workflow and dispatch it for execution.")]
public sealed class DispatchWorkflow : ChildWorkflowActivity
{
    /// <inheritdoc />
    protected override object? ImmediateResult(WorkflowInstance child, bool waited) =>
        waited ? new Dictionary<string, object?>(child.State.Output) : child.Id;
}
