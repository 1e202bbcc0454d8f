using Agent.Activities.Coordination.Messaging;
using System.Data.Common;
using static Agent.Activities.Coordination.Messaging.CoordinationDatabase;

namespace Agent.Activities.Coordination.Spawning;

/// <summary>
/// The <c>spawn_requests</c> table. Slots are counted and taken inside one write transaction, so two processes spawning
/// at once never exceed <c>Coordination:MaxAgents</c>; only admitted and started requests hold a slot.
/// </summary>
public sealed class SpawnStore(CoordinationDatabase database, TimeProvider clock)
{
    private const string Columns = "id, agent_id, role, parent_id, correlation_id, max_usd, max_tokens, permission_mode, status, instance_id, created_at";
    private const string HoldsSlot = "status IN ('admitted', 'started')";

    /// <summary>
    /// Stores <paramref name="candidate"/> as admitted when fewer than <paramref name="maxAgents"/> requests hold a slot,
    /// else as queued; a request already stored under its id is returned as it is (the idempotent re-run).
    /// </summary>
    public async Task<SpawnRecord> AdmitAsync(SpawnRecord candidate, int maxAgents, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        if (await FindAsync(connection, transaction, "id", candidate.RequestId, cancellationToken) is { } existing) return existing;
        var status = await CountHoldingAsync(connection, transaction, cancellationToken) < maxAgents ? SpawnStatuses.Admitted : SpawnStatuses.Queued;
        var now = Time(clock.GetUtcNow());
        await using (var insert = Command(connection, transaction, $"""
            INSERT INTO spawn_requests ({Columns}, updated_at)
            VALUES (@id, @agent, @role, @parent, @correlation, @usd, @tokens, @mode, @status, @instance, @now, @now)
            """, ("@id", candidate.RequestId), ("@agent", candidate.AgentId), ("@role", candidate.Role), ("@parent", candidate.ParentId),
            ("@correlation", candidate.CorrelationId), ("@usd", candidate.MaxUsd is { } usd ? (double)usd : null), ("@tokens", candidate.MaxTokens),
            ("@mode", candidate.PermissionMode), ("@status", status), ("@instance", candidate.InstanceId), ("@now", now)))
            await insert.ExecuteNonQueryAsync(cancellationToken);
        var stored = (await FindAsync(connection, transaction, "id", candidate.RequestId, cancellationToken))!;
        await transaction.CommitAsync(cancellationToken);
        return stored;
    }

    /// <summary>Admits the oldest queued requests into the free slots and returns them.</summary>
    public async Task<IReadOnlyList<SpawnRecord>> AdmitQueuedAsync(int maxAgents, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        var free = maxAgents - await CountHoldingAsync(connection, transaction, cancellationToken);
        if (free <= 0) return [];
        await using var select = Command(connection, transaction, $"SELECT {Columns} FROM spawn_requests WHERE status = 'queued' ORDER BY seq LIMIT @free", ("@free", free));
        var admitted = await ReadAsync(select, cancellationToken);
        foreach (var request in admitted) await SetStatusAsync(connection, transaction, request.RequestId, SpawnStatuses.Admitted, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return [.. admitted.Select(r => r with { Status = SpawnStatuses.Admitted })];
    }

    /// <summary>Sets a request's status.</summary>
    public async Task SetStatusAsync(string requestId, string status, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await SetStatusAsync(connection, null, requestId, status, cancellationToken);
    }

    /// <summary>The request with <paramref name="requestId"/>, or null.</summary>
    public async Task<SpawnRecord?> FindAsync(string requestId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await FindAsync(connection, null, "id", requestId, cancellationToken);
    }

    /// <summary>The request that spawned <paramref name="agentId"/>, or null (an agent registered some other way).</summary>
    public async Task<SpawnRecord?> FindByAgentAsync(string agentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await FindAsync(connection, null, "agent_id", agentId, cancellationToken);
    }

    /// <summary>Every request with <paramref name="status"/>, oldest first.</summary>
    public async Task<IReadOnlyList<SpawnRecord>> ListAsync(string status, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, $"SELECT {Columns} FROM spawn_requests WHERE status = @status ORDER BY seq", ("@status", status));
        return await ReadAsync(command, cancellationToken);
    }

    private async Task SetStatusAsync(DbConnection connection, DbTransaction? transaction, string requestId, string status, CancellationToken cancellationToken)
    {
        await using var update = Command(connection, transaction, "UPDATE spawn_requests SET status = @status, updated_at = @now WHERE id = @id",
            ("@id", requestId), ("@status", status), ("@now", Time(clock.GetUtcNow())));
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<long> CountHoldingAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var count = Command(connection, transaction, $"SELECT COUNT(*) FROM spawn_requests WHERE {HoldsSlot}");
        return Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken));
    }

    // The column is one of the two constants of this class, never input.
    private static async Task<SpawnRecord?> FindAsync(DbConnection connection, DbTransaction? transaction, string column, string value, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, $"SELECT {Columns} FROM spawn_requests WHERE {column} = @value", ("@value", value));
        var found = await ReadAsync(command, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    private static async Task<IReadOnlyList<SpawnRecord>> ReadAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var list = new List<SpawnRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            list.Add(new SpawnRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : (decimal)reader.GetDouble(5),
                reader.IsDBNull(6) ? null : reader.GetInt64(6), reader.GetString(7), reader.GetString(8), reader.GetString(9), ReadTime(reader, 10)!.Value));
        return list;
    }
}
