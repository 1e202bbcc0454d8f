namespace Agent.Activities.Coordination.Distribution;

/// <summary>
/// Marks a leased task done with its result. Only the lease holder may; a re-run with the same result (after a crash)
/// changes nothing, and a task done by another agent is never redone (the instance faults with the reason).
/// </summary>
[Activity("Agent", "Coordination", "Marks a task the agent holds as done, with its result.", DisplayName = "Complete Task")]
public sealed class CompleteTask : IActivity
{
    /// <summary>The task.</summary>
    [Input(Description = "The id of the task (as LeaseTask output it).", Order = 0)]
    public Input<string> TaskId { get; set; } = null!;

    /// <summary>The agent holding the lease.</summary>
    [Input(Description = "The id of the agent holding the task's lease.", Order = 1)]
    public Input<string> AgentId { get; set; } = null!;

    /// <summary>The result.</summary>
    [Input(Description = "The result: an object, or JSON text (an empty object when not given).", UIHint = "MultiLine", Order = 2)]
    public Input<object> Result { get; set; } = null!;

    /// <summary>The task as done.</summary>
    [Output(Description = "The task as done.")]
    public Output<WorkTask> Task { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        try
        {
            var done = await context.GetRequiredService<TaskQueue>().CompleteAsync(context.Get(TaskId), context.Get(AgentId), TaskJson.Text(context.Get(Result)), context.CancellationToken);
            context.Set(Task, done);
            context.Complete();
        }
        catch (Exception e) when (e is InvalidTaskException or UnknownTaskException or LeaseLostException or TaskStateException)
        {
            throw new WorkflowFaultException($"{context.NodePath}: {e.Message}");
        }
    }
}
