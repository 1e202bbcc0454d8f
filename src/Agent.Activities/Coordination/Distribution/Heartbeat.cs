namespace Agent.Activities.Coordination.Distribution;

/// <summary>Extends an agent's lease on a task by <c>Coordination:LeaseTimeout</c>; faults when the agent lost the lease (the message says who holds it now).</summary>
[Activity("Agent", "Coordination", "Extends the agent's lease on a task (call it more often than Coordination:LeaseTimeout).", DisplayName = "Task Heartbeat")]
public sealed class Heartbeat : IActivity
{
    /// <summary>The task.</summary>
    [Input(Description = "The id of the task.", Order = 0)]
    public Input<string> TaskId { get; set; } = null!;

    /// <summary>The agent holding the lease.</summary>
    [Input(Description = "The id of the agent holding the task's lease.", Order = 1)]
    public Input<string> AgentId { get; set; } = null!;

    /// <summary>When the lease now ends.</summary>
    [Output(Description = "When the lease now ends.")]
    public Output<DateTimeOffset> LeaseExpiresAt { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        try
        {
            var task = await context.GetRequiredService<TaskQueue>().HeartbeatAsync(context.Get(TaskId), context.Get(AgentId), context.CancellationToken);
            context.Set(LeaseExpiresAt, task.LeaseExpiresAt!.Value);
            context.Complete();
        }
        catch (Exception e) when (e is InvalidTaskException or UnknownTaskException or LeaseLostException)
        {
            throw new WorkflowFaultException($"{context.NodePath}: {e.Message}");
        }
    }
}
