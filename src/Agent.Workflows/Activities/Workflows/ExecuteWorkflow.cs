using Agent.Workflows.Runtime;

namespace Agent.Workflows.Activities.Workflows;

/// <summary>
/// Starts a new instance of another definition's published version and runs it until it ends or waits (Elsa's
/// <c>ExecuteWorkflow</c>). Waiting for completion, the activity suspends while the child waits and completes when the
/// child ends — finished, faulted or cancelled, as in Elsa — with the child's output as its result. Otherwise, or when
/// the child ended within the call, the result is Elsa's <c>{workflowInstanceId, status, subStatus, output}</c>.
/// </summary>
[Activity("Elsa", "Composition", "Create a new workflow instance of the specified workflow and execute it.", Kind = ActivityKind.Task)]
public sealed class ExecuteWorkflow : ChildWorkflowActivity
{
    /// <inheritdoc />
    protected override object? ImmediateResult(WorkflowInstance child, bool waited) => ChildWorkflowStarter.Result(child);
}
