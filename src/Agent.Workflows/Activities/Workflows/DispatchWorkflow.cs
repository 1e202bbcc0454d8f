using Agent.Workflows.Execution;

namespace Agent.Workflows.Activities.Workflows;

/// <summary>
/// Starts a new instance of another definition's published version (Elsa's <c>DispatchWorkflow</c>). Here the child
/// runs at once until it ends or waits, as for <see cref="ExecuteWorkflow"/>: there is no dispatch queue. Not waiting,
/// the activity completes with the child's instance id; waiting, it completes when the child ends, with its output.
/// </summary>
[Activity("Elsa", "Composition", "Create a new workflow instance of the specified workflow and dispatch it for execution.")]
public sealed class DispatchWorkflow : IResumableActivity
{
    /// <summary>The definition id of the workflow to dispatch.</summary>
    [Input(DisplayName = "Workflow Definition", Description = "The definition ID of the workflow to dispatch.", UIHint = "workflow-definition-picker")]
    public Input<string> WorkflowDefinitionId { get; set; } = null!;

    /// <summary>The child's correlation id.</summary>
    [Input(DisplayName = "Correlation ID", Description = "The correlation ID to associate the workflow with.")]
    public Input<string?> CorrelationId { get; set; } = null!;

    /// <summary>The child's input.</summary>
    [Input(Description = "The input to send to the workflow.")]
    public Input<Dictionary<string, object?>?> Input { get; set; } = null!;

    /// <summary>True to complete only when the child has ended.</summary>
    [Input(Description = "Wait for the child workflow to complete before completing this activity, false to \"fire and forget\".")]
    public Input<bool> WaitForCompletion { get; set; } = null!;

    /// <summary>The child's instance id when not waiting; its output when waiting.</summary>
    [Output(Description = "The child's instance id when not waiting; its output when waiting.")]
    public Output<object?> Result { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var wait = context.Get(WaitForCompletion);
        var child = await context.GetRequiredService<ChildWorkflowStarter>().StartAsync(context, context.Get(WorkflowDefinitionId), context.Get(Input),
            context.Get(CorrelationId), wait);
        if (!wait) { context.Set<object?>(Result, child.Id); context.Complete(); return; }
        if (ChildWorkflowStarter.HasEnded(child))
        {
            context.Set<object?>(Result, new Dictionary<string, object?>(child.State.Output));
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
