using Agent.Activities.Coordination.Messaging;

namespace Agent.Activities.Coordination.Spawning;

/// <summary>
/// The worker's last step: marks its agent stopped and frees its slot, so a queued spawn starts. A re-run changes nothing more.
/// </summary>
[Activity("Agent", "Coordination", "Marks a spawned agent stopped and starts queued spawns in its slot.", DisplayName = "Release Agent")]
public sealed class ReleaseAgent : IActivity
{
    /// <summary>The agent.</summary>
    [Input(Description = "The id of the spawned agent whose worker ends.", Order = 0)]
    public Input<string> AgentId { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        try
        {
            await context.GetRequiredService<AgentSpawner>().ReleaseAsync(context.Get(AgentId) ?? "", context.CancellationToken);
        }
        catch (UnknownAgentException e)
        {
            throw new WorkflowFaultException($"{context.NodePath}: agentId: {e.Message}");
        }
        context.Complete();
    }
}
