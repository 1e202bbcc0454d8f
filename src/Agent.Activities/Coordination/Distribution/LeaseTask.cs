using Agent.Activities.Coordination.Messaging;
using Agent.Workflows.Runtime;

namespace Agent.Activities.Coordination.Distribution;

/// <summary>
/// Leases the best task for an agent and outputs it. Completes at once when one is there; otherwise it waits on a
/// bookmark named <see cref="BookmarkName"/> (carrying the agent id) that an enqueue, an assignment or an expired lease
/// resumes. The lease is keyed by this execution's id, so a resume racing another, or a re-run after the process died
/// before the workflow's state was saved, gets the same task — never a second one.
/// </summary>
[Activity("Agent", "Coordination", "Waits until a task for the agent is available, leases it and outputs it.", DisplayName = "Lease Task")]
public sealed class LeaseTask : IResumableActivity
{
    /// <summary>The name of the bookmarks this activity waits on.</summary>
    public const string BookmarkName = "Agent.LeaseTask";

    private const string AgentKey = "agentId";

    /// <summary>The leasing agent.</summary>
    [Input(Description = "The id of the agent that takes the task (registered; see 'agent agents list').", Order = 0)]
    public Input<string> AgentId { get; set; } = null!;

    /// <summary>The task leased.</summary>
    [Output(Description = "The task: id, kind, role, capabilities, payload, correlationId, status, leaseOwner, leaseExpiresAt, attempts.")]
    public Output<WorkTask> Task { get; set; } = null!;

    /// <inheritdoc />
    public ValueTask ExecuteAsync(ActivityExecutionContext context) => LeaseOrWaitAsync(context);

    /// <inheritdoc />
    public ValueTask ResumeAsync(ActivityExecutionContext context) => LeaseOrWaitAsync(context);

    /// <summary>The agent a waiting bookmark is for, or null for a bookmark that is not this activity's.</summary>
    public static string? AgentOf(Bookmark bookmark) => bookmark.Payload?.GetValueOrDefault(AgentKey) as string;

    private async ValueTask LeaseOrWaitAsync(ActivityExecutionContext context)
    {
        var agent = context.Get(AgentId)?.Trim();
        if (!AgentIds.IsValid(agent))
            throw new WorkflowFaultException($"{context.NodePath}: agentId '{agent}' is not an agent id ({AgentIds.Rule}); give the leasing agent's id.");
        WorkTask? task;
        try
        {
            task = await context.GetRequiredService<TaskQueue>().LeaseForWorkflowAsync(agent!, context.ExecutionId, context.CancellationToken);
        }
        catch (Exception e) when (e is UnknownAgentException or TaskStateException)
        {
            throw new WorkflowFaultException($"{context.NodePath}: agentId: {e.Message}");
        }
        if (task is null)
        {
            context.CreateBookmark(BookmarkName, new() { [AgentKey] = agent });
            return;
        }
        context.Set(Task, task);
        context.Complete();
    }
}
