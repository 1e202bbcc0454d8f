using Agent.Workflows.Execution;
using Agent.Workflows.Runtime;

namespace Agent.Workflows.Activities.Workflows;

/// <summary>
/// What <see cref="ExecuteWorkflow"/> and <see cref="DispatchWorkflow"/> share (Elsa gives both the same inputs): start a
/// child instance of another definition's published version, then complete at once or wait on a bookmark until the
/// child ends, with its output as the result. They differ only in the result of a child that is not waited for or
/// ended within the call.
/// </summary>
public abstract class ChildWorkflowActivity : IResumableActivity
{
    /// <summary>The definition id of the workflow to start.</summary>
    [Input(DisplayName = "Workflow Definition", Description = "The definition ID of the workflow to start.", UIHint = "workflow-definition-picker")]
    public Input<string> WorkflowDefinitionId { get; set; } = null!;

    /// <summary>The child's correlation id.</summary>
    [Input(DisplayName = "Correlation ID", Description = "The correlation ID to associate the workflow with.")]
    public Input<string?> CorrelationId { get; set; } = null!;

    /// <summary>The child's input.</summary>
    [Input(Description = "The input to send to the workflow.")]
    public Input<Dictionary<string, object?>?> Input { get; set; } = null!;

    /// <summary>True to complete only when the child has ended; false to "fire and forget".</summary>
    [Input(Description = "Wait for the child workflow to complete before completing this activity, false to \"fire and forget\".")]
    public Input<bool> WaitForCompletion { get; set; } = null!;

    /// <summary>The child's result (see the activity for its shape); its output when it ended later.</summary>
    [Output(Description = "The child's result; its output when it ended after this activity began to wait.")]
    public Output<object?> Result { get; set; } = null!;

    /// <summary>The result when the child is not waited for, or has ended within the call.</summary>
    protected abstract object? ImmediateResult(WorkflowInstance child, bool waited);

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var wait = context.Get(WaitForCompletion);
        var child = await context.GetRequiredService<ChildWorkflowStarter>().StartAsync(context, context.Get(WorkflowDefinitionId), context.Get(Input),
            context.Get(CorrelationId), wait);
        if (!wait || ChildWorkflowStarter.HasEnded(child))
        {
            context.Set(Result, ImmediateResult(child, wait));
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
