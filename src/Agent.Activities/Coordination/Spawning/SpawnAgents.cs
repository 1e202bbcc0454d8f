using Agent.Activities.Coordination.Messaging;

namespace Agent.Activities.Coordination.Spawning;

/// <summary>
/// Spawns <see cref="Count"/> agents of a role for a coordinating workflow. Each request id is this execution's id and
/// the agent's index, so a re-run after a crash spawns no second set. Agents past <c>Coordination:MaxAgents</c> are
/// queued, not refused; their ids are output all the same.
/// </summary>
[Activity("Agent", "Coordination", "Spawns agents of a role (registered and started, or queued past Coordination:MaxAgents) and outputs their ids.", DisplayName = "Spawn Agents")]
public sealed class SpawnAgents : IActivity
{
    /// <summary>The agents' role.</summary>
    [Input(Description = "The role: planner, implementer, reviewer, researcher, or one configured under Coordination:Roles.", Order = 0)]
    public Input<string> Role { get; set; } = null!;

    /// <summary>How many.</summary>
    [Input(Description = "How many agents to spawn (1 to 64; default 1).", Order = 1)]
    public Input<int?> Count { get; set; } = null!;

    /// <summary>The spawning agent.</summary>
    [Input(Description = "The id of the spawning agent (registered), or empty for top-level agents.", Order = 2)]
    public Input<string> ParentId { get; set; } = null!;

    /// <summary>The task or conversation.</summary>
    [Input(Description = "The correlation id the agents work for (also the worker instances' correlation id).", Order = 3)]
    public Input<string> CorrelationId { get; set; } = null!;

    /// <summary>Budget in USD per agent.</summary>
    [Input(Description = "Each agent's budget in USD (empty: none of its own).", Order = 4)]
    public Input<double?> MaxUsd { get; set; } = null!;

    /// <summary>Budget in tokens per agent.</summary>
    [Input(Description = "Each agent's budget in tokens (empty: none of its own).", Order = 5)]
    public Input<long?> MaxTokens { get; set; } = null!;

    /// <summary>The spawned agents' ids.</summary>
    [Output(Description = "The ids of the spawned (or queued) agents, in order.")]
    public Output<IReadOnlyList<string>> AgentIds { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var count = context.Get(Count) ?? 1;
        if (count is < 1 or > 64) throw new WorkflowFaultException($"{context.NodePath}: count is {count}; give 1 to 64 agents.");
        var spawner = context.GetRequiredService<AgentSpawner>();
        var usd = context.Get(MaxUsd);
        var ids = new List<string>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var request = new SpawnRequest($"{context.ExecutionId}:{i}", context.Get(Role) ?? "", context.Get(ParentId), context.Get(CorrelationId),
                    usd is { } u ? (decimal)u : null, context.Get(MaxTokens));
                ids.Add((await spawner.SpawnAsync(request, context.CancellationToken)).AgentId);
            }
        }
        catch (Exception e) when (e is SpawnRefusedException or InvalidAgentException)
        {
            throw new WorkflowFaultException($"{context.NodePath}: {e.Message}");
        }
        context.Set(AgentIds, ids);
        context.Complete();
    }
}
