using System.Data.Common;
using Agent.Activities.Coordination.Messaging;
using static Agent.Activities.Coordination.Messaging.CoordinationDatabase;

namespace Agent.Activities.Coordination.Distribution;

/// <summary>
/// The tasks as stored: enqueue (a list, all or none, idempotent by id) and reads. Leases are <see cref="TaskLeases"/>'s.
/// </summary>
public sealed class TaskStore(CoordinationDatabase database)
{
    /// <summary>
    /// Stores <paramref name="tasks"/> as queued, in one transaction. A task whose id is stored already with the same
    /// kind, role, capabilities, payload and correlation id is returned as it stands (a re-run of the same enqueue).
    /// </summary>
    /// <exception cref="InvalidTaskException">An id is used by a different task, or a role is neither well known nor any registered agent's; nothing was stored.</exception>
    public async Task<IReadOnlyList<EnqueuedTask>> EnqueueAsync(IReadOnlyList<ValidatedTask> tasks, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        var result = new List<EnqueuedTask>();
        foreach (var task in tasks)
        {
            var payload = TaskRows.Compact(task.Payload);
            if (await TaskRows.FindAsync(connection, transaction, task.Id, cancellationToken) is { } existing)
            {
                if (existing.Kind != task.Kind || existing.Role != task.Role || !existing.Capabilities.SequenceEqual(task.Capabilities)
                    || TaskRows.Compact(existing.Payload) != payload || existing.CorrelationId != task.CorrelationId)
                    throw new InvalidTaskException("id", $"Task id '{task.Id}' is already used by another task ({existing.Kind} for a {existing.Role}, {existing.Status}); give this task a new id.");
                result.Add(new EnqueuedTask(existing, AlreadyStored: true));
                continue;
            }
            await CheckRoleAsync(connection, transaction, task, cancellationToken);
            var at = Time(now);
            await TaskRows.ExecuteAsync(connection, transaction, """
                INSERT INTO tasks (id, kind, role, capabilities, payload, correlation_id, status, created_at, queued_at, updated_at)
                VALUES (@id, @kind, @role, @caps, @payload, @correlation, @queued, @at, @at, @at)
                """, cancellationToken, ("@id", task.Id), ("@kind", task.Kind), ("@role", task.Role), ("@caps", task.CapabilitiesJson),
                ("@payload", payload), ("@correlation", task.CorrelationId), ("@queued", TaskStatuses.Queued), ("@at", at));
            result.Add(new EnqueuedTask((await TaskRows.FindAsync(connection, transaction, task.Id, cancellationToken))!, AlreadyStored: false));
        }
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>The task with <paramref name="id"/>, or null.</summary>
    public async Task<WorkTask?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await TaskRows.FindAsync(connection, null, id, cancellationToken);
    }

    /// <summary>The tasks (in <paramref name="status"/> when given), in enqueue order, at most <paramref name="take"/>.</summary>
    public async Task<IReadOnlyList<WorkTask>> ListAsync(string? status, int take, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await TaskRows.QueryAsync(connection, null, "WHERE (CAST(@status AS TEXT) IS NULL OR status = @status) ORDER BY seq LIMIT @take", cancellationToken,
            ("@status", status), ("@take", take));
    }

    /// <summary>How many tasks there are in each status (statuses without tasks are absent), e.g. for the queue-depth gauges.</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountByStatusAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT status, COUNT(*) FROM tasks GROUP BY status");
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) counts[reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }

    private static async Task CheckRoleAsync(DbConnection connection, DbTransaction transaction, ValidatedTask task, CancellationToken cancellationToken)
    {
        if (AgentRoles.Known.Contains(task.Role)) return;
        await using var command = Command(connection, transaction, "SELECT EXISTS (SELECT 1 FROM agents WHERE role = @role)", ("@role", task.Role));
        if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken)) == 1) return;
        throw new InvalidTaskException("role", $"Task '{task.Id}': no agent can have role '{task.Role}'; give one of {string.Join(", ", AgentRoles.Known)}, or a role a registered agent has ('agent agents list').");
    }
}
