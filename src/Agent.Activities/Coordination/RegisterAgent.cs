using Agent.Activities.Coordination.Messaging;

namespace Agent.Activities.Coordination;

/// <summary>
/// Registers an agent that is not spawned — a coordinating workflow itself — so the agents it spawns have a registered
/// parent, messages can reach it and detection sees it. Registering again updates it (a re-run after a crash stores nothing twice).
/// </summary>
[Activity("Agent", "Coordination", "Registers (or updates) an agent that is not spawned, e.g. the coordinating workflow itself.", DisplayName = "Register Agent")]
public sealed class RegisterAgent : IActivity
{
    /// <summary>The agent's id.</summary>
    [Input(Description = "The agent's id (letters, digits, '.', '_', ':' or '-').", Order = 0)]
    public Input<string> AgentId { get; set; } = null!;

    /// <summary>Its role.</summary>
    [Input(Description = "Its role, e.g. planner.", DefaultValue = "planner", Order = 1)]
    public Input<string> Role { get; set; } = null!;

    /// <summary>The agent as registered.</summary>
    [Output(Description = "The agent's id as registered.")]
    public Output<string> RegisteredId { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        try
        {
            var role = context.Get(Role) is { Length: > 0 } r ? r : "planner";
            var agent = await context.GetRequiredService<AgentRegistry>().RegisterAsync(context.Get(AgentId), role, AgentStatuses.Working, null, context.CancellationToken);
            context.Set(RegisteredId, agent.Id);
        }
        catch (InvalidAgentException e)
        {
            throw new WorkflowFaultException($"{context.NodePath}: {e.Message}", ActivityInputs.InvalidInputCode);
        }
        context.Complete();
    }
}
