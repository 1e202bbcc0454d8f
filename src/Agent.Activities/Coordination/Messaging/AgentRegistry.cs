using System.Data.Common;
using static Agent.Activities.Coordination.Messaging.CoordinationDatabase;

namespace Agent.Activities.Coordination.Messaging;

/// <summary>A registered agent: who it is, its role, where it stands, and when it last sent anything.</summary>
/// <param name="Id">The agent's id.</param>
/// <param name="Role">Its role (planner, implementer, reviewer…).</param>
/// <param name="Status">One of <see cref="AgentStatuses"/>.</param>
/// <param name="CreatedAt">When it was registered.</param>
/// <param name="UpdatedAt">When its role or status last changed.</param>
/// <param name="LastSeenAt">When it last sent a message; null until then.</param>
/// <param name="ParentId">The agent that spawned it; null for a top-level agent (and for agents registered before parents were recorded).</param>
public sealed record AgentRecord(string Id, string Role, string Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? LastSeenAt, string? ParentId = null);

/// <summary>Where an agent stands. Every status but <see cref="Stopped"/> receives role and broadcast messages.</summary>
public static class AgentStatuses
{
    /// <summary>Registered, not yet at work.</summary>
    public const string Starting = "starting";
    /// <summary>Alive, without a task.</summary>
    public const string Idle = "idle";
    /// <summary>Working a task.</summary>
    public const string Working = "working";
    /// <summary>Waiting for a message or another agent.</summary>
    public const string Waiting = "waiting";
    /// <summary>Gone: receives nothing more; direct messages to it are refused.</summary>
    public const string Stopped = "stopped";

    /// <summary>Every status.</summary>
    public static IReadOnlyList<string> All { get; } = [Starting, Idle, Working, Waiting, Stopped];
}

/// <summary>
/// The agents registry (<c>agents</c> table): recipients of messages are checked against it, and role and broadcast
/// messages are addressed to the live agents it lists at the moment of sending.
/// </summary>
public sealed class AgentRegistry(CoordinationDatabase database, TimeProvider clock)
{
    private const string Columns = "id, role, status, created_at, updated_at, last_seen_at, parent_id";

    /// <summary>Registers an agent, or updates the role and status of one already registered.</summary>
    /// <exception cref="InvalidAgentException">The id, role or status is not valid; nothing was stored.</exception>
    public Task<AgentRecord> RegisterAsync(string? id, string? role, string? status = AgentStatuses.Starting, CancellationToken cancellationToken = default) =>
        RegisterAsync(id, role, status, parentId: null, cancellationToken);

    /// <summary>
    /// Registers an agent spawned by <paramref name="parentId"/> (a registered agent), or updates one already registered
    /// (its parent is kept when <paramref name="parentId"/> is null). The parent chain is what runaway-spawning detection
    /// measures the spawn depth on.
    /// </summary>
    /// <exception cref="InvalidAgentException">The id, role, status or parent is not valid; nothing was stored.</exception>
    public async Task<AgentRecord> RegisterAsync(string? id, string? role, string? status, string? parentId, CancellationToken cancellationToken)
    {
        var agentId = id?.Trim();
        if (!AgentIds.IsValid(agentId)) throw new InvalidAgentException($"The agent id '{id}' is not valid; use {AgentIds.Rule}.");
        var agentRole = role?.Trim().ToLowerInvariant();
        if (!AgentIds.IsValid(agentRole)) throw new InvalidAgentException($"The role '{role}' of agent '{agentId}' is not valid; use a name such as planner, implementer, reviewer or researcher ({AgentIds.Rule}).");
        var agentStatus = CheckStatus(status);
        var parent = string.IsNullOrWhiteSpace(parentId) ? null : parentId.Trim();
        if (parent == agentId) throw new InvalidAgentException($"Agent '{agentId}' cannot be its own parent; give the id of the agent that spawned it, or none.");
        var now = Time(clock.GetUtcNow());
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        if (parent is not null) await CheckParentAsync(connection, transaction, agentId!, parent, cancellationToken);
        await using (var upsert = Command(connection, transaction, """
            INSERT INTO agents (id, role, status, created_at, updated_at, parent_id) VALUES (@id, @role, @status, @now, @now, @parent)
            ON CONFLICT (id) DO UPDATE SET role = excluded.role, status = excluded.status, updated_at = excluded.updated_at,
                parent_id = COALESCE(excluded.parent_id, agents.parent_id)
            """, ("@id", agentId), ("@role", agentRole), ("@status", agentStatus), ("@now", now), ("@parent", parent)))
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        var stored = (await FindAsync(connection, transaction, agentId!, cancellationToken))!;
        await transaction.CommitAsync(cancellationToken);
        return stored;
    }

    /// <summary>Sets an agent's status.</summary>
    /// <exception cref="UnknownAgentException">No such agent.</exception>
    /// <exception cref="InvalidAgentException">The status is not one of <see cref="AgentStatuses.All"/>.</exception>
    public async Task<AgentRecord> SetStatusAsync(string id, string status, CancellationToken cancellationToken = default)
    {
        var agentStatus = CheckStatus(status);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using (var update = Command(connection, "UPDATE agents SET status = @status, updated_at = @now WHERE id = @id",
            ("@id", id), ("@status", agentStatus), ("@now", Time(clock.GetUtcNow()))))
            if (await update.ExecuteNonQueryAsync(cancellationToken) == 0) throw new UnknownAgentException(id);
        return (await FindAsync(connection, null, id, cancellationToken))!;
    }

    /// <summary>The agent with <paramref name="id"/>, or null.</summary>
    public async Task<AgentRecord?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await FindAsync(connection, null, id, cancellationToken);
    }

    /// <summary>Every registered agent, by id.</summary>
    public async Task<IReadOnlyList<AgentRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, $"SELECT {Columns} FROM agents ORDER BY id");
        return await ReadAsync(command, cancellationToken);
    }

    /// <summary>Inside a send's transaction: the agent, or null.</summary>
    internal static async Task<AgentRecord?> FindAsync(DbConnection connection, DbTransaction? transaction, string id, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, $"SELECT {Columns} FROM agents WHERE id = @id", ("@id", id));
        var found = await ReadAsync(command, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>Inside a send's transaction: the live agents (not stopped) with <paramref name="role"/>, or all when null.</summary>
    internal static async Task<IReadOnlyList<AgentRecord>> LiveAsync(DbConnection connection, DbTransaction transaction, string? role, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, $"SELECT {Columns} FROM agents WHERE status <> @stopped AND (CAST(@role AS TEXT) IS NULL OR role = @role) ORDER BY id",
            ("@stopped", AgentStatuses.Stopped), ("@role", role));
        return await ReadAsync(command, cancellationToken);
    }

    /// <summary>Inside a send's transaction: notes that the sender was seen (and, for a heartbeat with a status, its status).</summary>
    internal static async Task TouchAsync(DbConnection connection, DbTransaction transaction, string id, string? status, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction,
            "UPDATE agents SET last_seen_at = @at, status = COALESCE(@status, status), updated_at = CASE WHEN @status IS NULL THEN updated_at ELSE @at END WHERE id = @id",
            ("@id", id), ("@status", status), ("@at", Time(at)));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The parent must be registered and must not descend from the agent (a loop would make the spawn depth endless).</summary>
    private static async Task CheckParentAsync(DbConnection connection, DbTransaction transaction, string agentId, string parent, CancellationToken cancellationToken)
    {
        var ancestor = await FindAsync(connection, transaction, parent, cancellationToken)
            ?? throw new InvalidAgentException($"The parent '{parent}' of agent '{agentId}' is not registered; register the spawning agent first, or give no parent.");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (ancestor is not null && seen.Add(ancestor.Id))
        {
            if (ancestor.ParentId == agentId)
                throw new InvalidAgentException($"Agent '{parent}' descends from agent '{agentId}', so it cannot be its parent; give the id of the agent that spawned '{agentId}'.");
            ancestor = ancestor.ParentId is null ? null : await FindAsync(connection, transaction, ancestor.ParentId, cancellationToken);
        }
    }

    private static string CheckStatus(string? status)
    {
        var normalized = (status ?? AgentStatuses.Starting).Trim().ToLowerInvariant();
        return AgentStatuses.All.Contains(normalized) ? normalized
            : throw new InvalidAgentException($"The agent status '{status}' is not known; use one of {string.Join(", ", AgentStatuses.All)}.");
    }

    private static async Task<IReadOnlyList<AgentRecord>> ReadAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var list = new List<AgentRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            list.Add(new AgentRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), ReadTime(reader, 3)!.Value, ReadTime(reader, 4)!.Value, ReadTime(reader, 5),
                reader.IsDBNull(6) ? null : reader.GetString(6)));
        return list;
    }
}
