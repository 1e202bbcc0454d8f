using Agent.Workflows.Execution;

namespace Agent.Workflows.Activities.Workflows;

/// <summary>
/// Starts a new instance of another definition's published version and runs it until it ends or waits (Elsa's
/// <c>ExecuteWorkflow</c>). Waiting for completion, the activity suspends while the child waits and completes when the
/// child ends — finished, faulted or cancelled, as in Elsa — with the child's output as its result.
/// </summary>
[Activity("Elsa", "Composition", "Create a new workflow instance of the specified workflow and execute it.", Kind = ActivityKind.Task)]
public sealed class ExecuteWorkflow : IResumableActivity
{
    /// <summary>The definition id of the workflow to execute.</summary>
    [Input(DisplayName = "Workflow Definition", Description = "The definition ID of the workflow to execute.", UIHint = "workflow-definition-picker")]
    public Input<string> WorkflowDefinitionId { get; set; } = null!;

    /// <summary>The child's correlation id.</summary>
    [Input(DisplayName = "Correlation ID", Description = "The correlation ID to associate the workflow with.")]
    public Input<string?> CorrelationId { get; set; } = null!;

    /// <summary>The child's input.</summary>
    [Input(Description = "The input to send to the workflow.")]
    public Input<Dictionary<string, object?>?> Input { get; set; } = null!;

    /// <summary>True to complete only when the child has ended.</summary>
    [Input(Description = "Wait for the child workflow to complete before completing this activity.")]
    public Input<bool> WaitForCompletion { get; set; } = null!;

    /// <summary>
    /// When the child ended within the call, or when not waiting: <c>{workflowInstanceId, status, subStatus, output}</c>;
    /// when the child ended later: its output (Elsa's shapes).
    /// </summary>
    [Output(Description = "The child's result: its instance id, status and output; its output when it ended later.")]
    public Output<object?> Result { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var wait = context.Get(WaitForCompletion);
        var child = await context.GetRequiredService<ChildWorkflowStarter>().StartAsync(context, context.Get(WorkflowDefinitionId), context.Get(Input),
            context.Get(CorrelationId), wait);
        if (!wait || ChildWorkflowStarter.HasEnded(child))
        {
            context.Set(Result, ChildWorkflowStarter.Result(child));
            context.Complete();
            return;
        }
        context.CreateBookmark(ChildWorkflowStarter.BookmarkName, new() { [ChildWorkflowStarter.ChildInstanceIdKey] = child.Id });
    }

    /// <inheritdoc />
    public ValueTask ResumeAsync(ActivityExecutionContext context)
    {
        context.Set(Result, context.ResumeInput?.ToDictionary(k => k.Key, k => k.Value) ?? new Dictionary<string, object?>());
        context.Complete();
        return ValueTask.CompletedTask;
    }
}
