using Agent.Activities.Coordination.Messaging;

namespace Agent.Activities.Coordination.Spawning;

/// <summary>Sets a registered agent's status (a worker marks itself working or waiting), so detection and <c>agent agents list</c> see where it stands.</summary>
[Activity("Agent", "Coordination", "Sets a registered agent's status (starting, idle, working, waiting, stopped).", DisplayName = "Set Agent Status")]
public sealed class SetAgentStatus : IActivity
{
    /// <summary>The agent.</summary>
    [Input(Description = "The id of the registered agent.", Order = 0)]
    public Input<string> AgentId { get; set; } = null!;

    /// <summary>The new status.</summary>
    [Input(Description = "starting, idle, working, waiting or stopped.", Order = 1)]
    public Input<string> Status { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        try
        {
            await context.GetRequiredService<AgentRegistry>().SetStatusAsync(context.Get(AgentId) ?? "", context.Get(Status) ?? "", context.CancellationToken);
        }
        catch (Exception e) when (e is UnknownAgentException or InvalidAgentException)
        {
            throw new WorkflowFaultException($"{context.NodePath}: {e.Message}");
        }
        context.Complete();
    }
}
