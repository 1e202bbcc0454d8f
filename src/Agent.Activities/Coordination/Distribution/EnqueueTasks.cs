namespace Agent.Activities.Coordination.Distribution;

/// <summary>
/// Enqueues a list of tasks (gaps, subtasks) for agents, all or none, and resumes the workflows waiting in
/// <see cref="LeaseTask"/> for them. Tasks are idempotent by id, so a re-run after a crash stores nothing twice.
/// </summary>
[Activity("Agent", "Coordination", "Enqueues tasks (a JSON array of {id, kind, role, capabilities, payload, correlationId}) for agents to lease.", DisplayName = "Enqueue Tasks")]
public sealed class EnqueueTasks : IActivity
{
    /// <summary>The tasks.</summary>
    [Input(Description = "A JSON array (or list) of tasks: {id, kind, role (planner, implementer, reviewer, researcher), capabilities: [..], payload: {..}, correlationId}.", UIHint = "MultiLine", Order = 0)]
    public Input<object> Tasks { get; set; } = null!;

    /// <summary>The correlation id of tasks that give none.</summary>
    [Input(Description = "The correlation id (e.g. the cycle or goal id) of tasks that give none.", Order = 1)]
    public Input<string> CorrelationId { get; set; } = null!;

    /// <summary>The ids of the tasks, in the order given.</summary>
    [Output(Description = "The ids of the tasks enqueued (or already there), in the order given.")]
    public Output<List<string>> TaskIds { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        try
        {
            var drafts = TaskJson.Drafts(context.Get(Tasks), context.Get(CorrelationId) is { Length: > 0 } c ? c : null);
            var stored = await context.GetRequiredService<TaskQueue>().EnqueueFromWorkflowAsync(drafts, context.CancellationToken);
            context.Set(TaskIds, stored.Select(t => t.Task.Id).ToList());
            context.Complete();
        }
        catch (InvalidTaskException e)
        {
            throw new WorkflowFaultException($"{context.NodePath}: {e.Field}: {e.Message}");
        }
    }
}
