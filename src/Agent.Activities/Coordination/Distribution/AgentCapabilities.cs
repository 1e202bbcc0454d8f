using System.Text.Json;
using Agent.Activities.Coordination.Messaging;
using Agent.Activities.Discovery.Persistence;
using System.Data.Common;
using static Agent.Activities.Coordination.Messaging.CoordinationDatabase;

namespace Agent.Activities.Coordination.Distribution;

/// <summary>An agent's capabilities: its role always, plus what was given to it (by hand or from capability discovery).</summary>
/// <param name="AgentId">The agent.</param>
/// <param name="Role">Its role (its first capability).</param>
/// <param name="Extra">Capabilities beyond the role, sorted.</param>
/// <param name="Source">Where the extra ones came from (<c>manual</c>, <c>discovery</c>), or null when it has only its role.</param>
public sealed record AgentCapabilitySet(string AgentId, string Role, IReadOnlyList<string> Extra, string? Source)
{
    /// <summary>Whether the agent has every one of <paramref name="wanted"/> (the role counts as one of its capabilities).</summary>
    public bool Covers(IReadOnlyList<string> wanted) => wanted.All(w => w == Role || Extra.Contains(w, StringComparer.Ordinal));
}

/// <summary>
/// The capabilities of registered agents (<c>agent_capabilities</c>, beside the <c>agents</c> table, so registrations
/// made before task distribution keep working: an agent without a row has its role as its only capability).
/// </summary>
public sealed class AgentCapabilities(CoordinationDatabase database, TimeProvider clock)
{
    /// <summary>The source of capabilities set by hand.</summary>
    public const string Manual = "manual";

    /// <summary>The source of capabilities taken from capability discovery.</summary>
    public const string Discovery = "discovery";

    /// <summary>Gives <paramref name="agentId"/> exactly <paramref name="capabilities"/> besides its role (an empty list leaves it only its role).</summary>
    /// <exception cref="UnknownAgentException">The agent is not registered.</exception>
    /// <exception cref="InvalidTaskException">A capability is badly spelled; nothing changed.</exception>
    public async Task<AgentCapabilitySet> SetAsync(string agentId, IReadOnlyList<string> capabilities, string source = Manual, CancellationToken cancellationToken = default)
    {
        var list = TaskValidator.CheckCapabilities($"Agent '{agentId}'", capabilities);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        var agent = await AgentRegistry.FindAsync(connection, transaction, agentId, cancellationToken) ?? throw new UnknownAgentException(agentId);
        await using (var upsert = Command(connection, transaction, list.Count == 0 ? "DELETE FROM agent_capabilities WHERE agent_id = @id" : """
            INSERT INTO agent_capabilities (agent_id, capabilities, source, updated_at) VALUES (@id, @caps, @source, @at)
            ON CONFLICT (agent_id) DO UPDATE SET capabilities = excluded.capabilities, source = excluded.source, updated_at = excluded.updated_at
            """, ("@id", agent.Id), ("@caps", JsonSerializer.Serialize(list)), ("@source", source), ("@at", Time(clock.GetUtcNow()))))
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new AgentCapabilitySet(agent.Id, agent.Role, list, list.Count == 0 ? null : source);
    }

    /// <summary>
    /// Gives <paramref name="agentId"/> the capabilities that capability discovery found in the tools it can use
    /// (<paramref name="tools"/>, e.g. <see cref="CapabilityStore.CurrentToolsAsync"/>). When discovery has no data the
    /// agent keeps what it has (its role at least).
    /// </summary>
    /// <exception cref="UnknownAgentException">The agent is not registered.</exception>
    public async Task<AgentCapabilitySet> AssignDiscoveredAsync(string agentId, IReadOnlyList<MappedTool> tools, CancellationToken cancellationToken = default)
    {
        var tags = tools.SelectMany(t => t.Capabilities).Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return tags.Count == 0 ? await GetAsync(agentId, cancellationToken) : await SetAsync(agentId, tags, Discovery, cancellationToken);
    }

    /// <summary>The capabilities of <paramref name="agentId"/>.</summary>
    /// <exception cref="UnknownAgentException">The agent is not registered.</exception>
    public async Task<AgentCapabilitySet> GetAsync(string agentId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var agent = await AgentRegistry.FindAsync(connection, null, agentId, cancellationToken) ?? throw new UnknownAgentException(agentId);
        return await ReadAsync(connection, null, agent, cancellationToken);
    }

    /// <summary>Inside a lease's transaction: the capabilities of <paramref name="agent"/>.</summary>
    internal static async Task<AgentCapabilitySet> ReadAsync(DbConnection connection, DbTransaction? transaction, AgentRecord agent, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "SELECT capabilities, source FROM agent_capabilities WHERE agent_id = @id", ("@id", agent.Id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return new AgentCapabilitySet(agent.Id, agent.Role, [], null);
        return new AgentCapabilitySet(agent.Id, agent.Role, JsonSerializer.Deserialize<string[]>(reader.GetString(0)) ?? [], reader.GetString(1));
    }
}
