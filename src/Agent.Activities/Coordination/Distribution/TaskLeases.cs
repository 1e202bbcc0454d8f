using System.Text.Json;
using Agent.Activities.Coordination.Messaging;
using System.Data.Common;
using static Agent.Activities.Coordination.Messaging.CoordinationDatabase;

namespace Agent.Activities.Coordination.Distribution;

/// <summary>
/// Leases of tasks to agents. Every change is one write transaction (BEGIN IMMEDIATE: it takes SQLite's write lock
/// before reading), and every update is also conditioned on the status read, so of two leasers — threads or
/// processes — only one ever gets a task. A lease is held while its owner is the agent and its expiry is in the future.
/// </summary>
public sealed class TaskLeases(CoordinationDatabase database, AgentPicker picker)
{
    /// <summary>
    /// The pull: hands <paramref name="agentId"/> the best task for it, or null. The best is, in order: the task this
    /// <paramref name="consumer"/> already holds (a workflow re-run after a crash gets the same task), a task pushed to
    /// the agent by <see cref="AssignAsync"/> and not yet taken, the oldest queued task of its role whose capabilities it has.
    /// </summary>
    /// <exception cref="UnknownAgentException">The agent is not registered.</exception>
    /// <exception cref="TaskStateException">The agent is stopped.</exception>
    public async Task<WorkTask?> LeaseAsync(string agentId, string? consumer, DateTimeOffset now, TimeSpan leaseTimeout, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        var agent = await AgentRegistry.FindAsync(connection, transaction, agentId, cancellationToken) ?? throw new UnknownAgentException(agentId);
        if (agent.Status == AgentStatuses.Stopped)
            throw new TaskStateException($"Agent '{agentId}' is stopped and gets no tasks; register it again ('idle') before it leases.");
        var at = Time(now);
        if (consumer is not null)
        {
            var mine = await TaskRows.QueryAsync(connection, transaction, "WHERE consumer = @consumer AND lease_owner = @agent", cancellationToken, ("@consumer", consumer), ("@agent", agentId));
            if (mine.Count > 0) return mine[0];
        }
        var pushed = await TaskRows.QueryAsync(connection, transaction,
            "WHERE status = @leased AND lease_owner = @agent AND consumer IS NULL AND lease_expires_at > @now ORDER BY leased_at, seq LIMIT 1", cancellationToken,
            ("@leased", TaskStatuses.Leased), ("@agent", agentId), ("@now", at));
        if (pushed.Count > 0)
        {
            await TaskRows.ExecuteAsync(connection, transaction, "UPDATE tasks SET consumer = @consumer, updated_at = @now WHERE id = @id AND consumer IS NULL", cancellationToken,
                ("@consumer", consumer ?? "pull:" + agentId), ("@now", at), ("@id", pushed[0].Id));
            return await CommitAsync(connection, transaction, pushed[0].Id, cancellationToken);
        }
        var capabilities = await AgentCapabilities.ReadAsync(connection, transaction, agent, cancellationToken);
        var candidate = await FirstQueuedForAsync(connection, transaction, capabilities, cancellationToken);
        if (candidate is null) return null;
        await TakeAsync(connection, transaction, candidate.Id, agentId, consumer ?? "pull:" + agentId, now, leaseTimeout, cancellationToken);
        return await CommitAsync(connection, transaction, candidate.Id, cancellationToken);
    }

    /// <summary>
    /// The push: leases queued task <paramref name="taskId"/> to the live agent of its role that has every capability it
    /// wants and holds the fewest live leases (ties: the one waiting longest since its last lease). Null when no agent
    /// fits; the task stays queued. The chosen agent takes it with its next <see cref="LeaseAsync"/>.
    /// </summary>
    /// <exception cref="UnknownTaskException">No such task.</exception>
    /// <exception cref="TaskStateException">The task is not queued.</exception>
    public async Task<WorkTask?> AssignAsync(string taskId, DateTimeOffset now, TimeSpan leaseTimeout, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        var task = await TaskRows.FindAsync(connection, transaction, taskId, cancellationToken) ?? throw new UnknownTaskException(taskId);
        if (task.Status != TaskStatuses.Queued)
            throw new TaskStateException($"Task '{taskId}' is {task.Status}{(task.LeaseOwner is null ? "" : $" (agent {task.LeaseOwner})")}, not queued; only a queued task can be assigned.");
        var agent = await picker.PickAsync(connection, transaction, task, now, cancellationToken);
        if (agent is null) return null;
        await TakeAsync(connection, transaction, task.Id, agent, null, now, leaseTimeout, cancellationToken);
        return await CommitAsync(connection, transaction, task.Id, cancellationToken);
    }

    /// <summary>Extends the lease of <paramref name="agentId"/> on <paramref name="taskId"/> to <paramref name="now"/> + <paramref name="leaseTimeout"/>.</summary>
    /// <exception cref="UnknownTaskException">No such task.</exception>
    /// <exception cref="LeaseLostException">The agent does not hold the lease (another does, it expired, or the task is finished).</exception>
    public async Task<WorkTask> HeartbeatAsync(string taskId, string agentId, DateTimeOffset now, TimeSpan leaseTimeout, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        var task = await HeldAsync(connection, transaction, taskId, agentId, now, cancellationToken);
        await TaskRows.ExecuteAsync(connection, transaction, "UPDATE tasks SET lease_expires_at = @until, updated_at = @now WHERE id = @id", cancellationToken,
            ("@until", Time(now + leaseTimeout)), ("@now", Time(now)), ("@id", task.Id));
        return await CommitAsync(connection, transaction, task.Id, cancellationToken);
    }

    /// <summary>
    /// Marks the task done with <paramref name="result"/>. Completing a done task again is a no-op when it is the same
    /// agent with the same result (a retried call); anything else is refused: a finished task is never redone.
    /// </summary>
    /// <exception cref="UnknownTaskException">No such task.</exception>
    /// <exception cref="TaskStateException">The task is done already by another agent or with another result.</exception>
    /// <exception cref="LeaseLostException">The agent does not hold the lease.</exception>
    public async Task<WorkTask> CompleteAsync(string taskId, string agentId, JsonElement result, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var text = TaskRows.Compact(result);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        var existing = await TaskRows.FindAsync(connection, transaction, taskId, cancellationToken) ?? throw new UnknownTaskException(taskId);
        if (existing.Status == TaskStatuses.Done)
        {
            if (existing.LeaseOwner == agentId && existing.Result is { } stored && TaskRows.Compact(stored) == text) return existing;
            throw new TaskStateException(existing.LeaseOwner == agentId
                ? $"Task '{taskId}' is already done by agent {agentId} with another result; a finished task is never redone — enqueue a new task for more work."
                : $"Task '{taskId}' is already done by agent {existing.LeaseOwner}; a finished task is never redone — drop this result, or enqueue a new task.");
        }
        var task = await HeldAsync(connection, transaction, taskId, agentId, now, cancellationToken);
        await TaskRows.ExecuteAsync(connection, transaction, """
            UPDATE tasks SET status = @done, result = @result, lease_expires_at = NULL, finished_at = @now, updated_at = @now, reason = NULL
            WHERE id = @id AND status = @leased
            """, cancellationToken, ("@done", TaskStatuses.Done), ("@result", text), ("@now", Time(now)), ("@id", task.Id), ("@leased", TaskStatuses.Leased));
        return await CommitAsync(connection, transaction, task.Id, cancellationToken);
    }

    /// <summary>
    /// The holder gives the task up: back to the queue when <paramref name="retry"/> and attempts are left, else parked
    /// with <paramref name="reason"/>.
    /// </summary>
    /// <exception cref="UnknownTaskException">No such task.</exception>
    /// <exception cref="LeaseLostException">The agent does not hold the lease.</exception>
    public async Task<WorkTask> FailAsync(string taskId, string agentId, string reason, bool retry, int maxAttempts, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        var task = await HeldAsync(connection, transaction, taskId, agentId, now, cancellationToken);
        var park = !retry || task.Attempts >= maxAttempts;
        var why = park && retry ? $"agent {agentId} failed it on attempt {task.Attempts} of {maxAttempts} (Coordination:MaxAttempts): {reason}" : $"agent {agentId} failed it: {reason}";
        await ReleaseAsync(connection, transaction, task.Id, park, why, now, cancellationToken);
        return await CommitAsync(connection, transaction, task.Id, cancellationToken);
    }

    /// <summary>Cancels a task that is not done (its holder's next heartbeat or completion fails). Cancelling a cancelled task changes nothing.</summary>
    /// <exception cref="UnknownTaskException">No such task.</exception>
    /// <exception cref="TaskStateException">The task is done or parked.</exception>
    public async Task<WorkTask> CancelAsync(string taskId, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        var task = await TaskRows.FindAsync(connection, transaction, taskId, cancellationToken) ?? throw new UnknownTaskException(taskId);
        if (task.Status == TaskStatuses.Cancelled) return task;
        if (task.Status is TaskStatuses.Done or TaskStatuses.Parked)
            throw new TaskStateException($"Task '{taskId}' is {task.Status} already; only a queued or leased task can be cancelled.");
        await TaskRows.ExecuteAsync(connection, transaction,
            "UPDATE tasks SET status = @cancelled, reason = @reason, lease_expires_at = NULL, finished_at = @now, updated_at = @now WHERE id = @id", cancellationToken,
            ("@cancelled", TaskStatuses.Cancelled), ("@reason", reason), ("@now", Time(now)), ("@id", taskId));
        return await CommitAsync(connection, transaction, taskId, cancellationToken);
    }

    /// <summary>
    /// The expiry sweep: every leased task whose lease ended by <paramref name="now"/> goes back to the queue, or is
    /// parked when it has had <paramref name="maxAttempts"/> leases.
    /// </summary>
    public async Task<IReadOnlyList<ExpiredLease>> ExpireAsync(DateTimeOffset now, int maxAttempts, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        var expired = await TaskRows.QueryAsync(connection, transaction, "WHERE status = @leased AND lease_expires_at <= @now ORDER BY seq", cancellationToken,
            ("@leased", TaskStatuses.Leased), ("@now", Time(now)));
        var changes = new List<ExpiredLease>();
        foreach (var task in expired)
        {
            var park = task.Attempts >= maxAttempts;
            var why = park
                ? $"lease expired {task.Attempts} times (last held by agent {task.LeaseOwner}; Coordination:MaxAttempts is {maxAttempts}); find out why its agents stopped, then enqueue it again under a new id"
                : $"lease of agent {task.LeaseOwner} expired (attempt {task.Attempts} of {maxAttempts})";
            await ReleaseAsync(connection, transaction, task.Id, park, why, now, cancellationToken);
            changes.Add(new ExpiredLease(task.Id, task.LeaseOwner!, park ? TaskStatuses.Parked : TaskStatuses.Queued, task.Attempts));
        }
        await transaction.CommitAsync(cancellationToken);
        return changes;
    }

    /// <summary>Whether a task is there for <paramref name="agentId"/> to take now (pushed to it, or queued for its role and capabilities).</summary>
    public async Task<bool> HasAvailableAsync(string agentId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var agent = await AgentRegistry.FindAsync(connection, null, agentId, cancellationToken);
        if (agent is null || agent.Status == AgentStatuses.Stopped) return false;
        var pushed = await TaskRows.QueryAsync(connection, null, "WHERE status = @leased AND lease_owner = @agent AND consumer IS NULL AND lease_expires_at > @now LIMIT 1", cancellationToken,
            ("@leased", TaskStatuses.Leased), ("@agent", agentId), ("@now", Time(now)));
        return pushed.Count > 0 || await FirstQueuedForAsync(connection, null, await AgentCapabilities.ReadAsync(connection, null, agent, cancellationToken), cancellationToken) is not null;
    }

    private static async Task<WorkTask?> FirstQueuedForAsync(DbConnection connection, DbTransaction? transaction, AgentCapabilitySet agent, CancellationToken cancellationToken)
    {
        // Oldest first; capabilities are a JSON list, so they are matched here rather than in SQL.
        var queued = await TaskRows.QueryAsync(connection, transaction, "WHERE status = @queued AND role = @role ORDER BY seq", cancellationToken,
            ("@queued", TaskStatuses.Queued), ("@role", agent.Role));
        return queued.FirstOrDefault(t => agent.Covers(t.Capabilities));
    }

    private static async Task TakeAsync(DbConnection connection, DbTransaction transaction, string taskId, string agentId, string? consumer, DateTimeOffset now, TimeSpan leaseTimeout, CancellationToken cancellationToken)
    {
        var changed = await TaskRows.ExecuteAsync(connection, transaction, """
            UPDATE tasks SET status = @leased, lease_owner = @agent, lease_expires_at = @until, consumer = @consumer, attempts = attempts + 1,
                             leased_at = @now, updated_at = @now, reason = NULL
            WHERE id = @id AND status = @queued
            """, cancellationToken, ("@leased", TaskStatuses.Leased), ("@agent", agentId), ("@until", Time(now + leaseTimeout)), ("@consumer", consumer),
            ("@now", Time(now)), ("@id", taskId), ("@queued", TaskStatuses.Queued));
        // The write lock is held since BEGIN, so the row read as queued is still queued; this guards that reasoning.
        if (changed != 1) throw new InvalidOperationException($"Task '{taskId}' changed under a write transaction; this is a bug in the task queue.");
    }

    private static async Task ReleaseAsync(DbConnection connection, DbTransaction transaction, string taskId, bool park, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        await TaskRows.ExecuteAsync(connection, transaction, """
            UPDATE tasks SET status = @status, lease_expires_at = NULL, consumer = NULL, reason = @reason, updated_at = @now,
                             queued_at = CASE WHEN @parked THEN queued_at ELSE @now END, finished_at = CASE WHEN @parked THEN @now ELSE NULL END
            WHERE id = @id
            """, cancellationToken, ("@status", park ? TaskStatuses.Parked : TaskStatuses.Queued), ("@reason", reason), ("@now", Time(now)),
            ("@parked", park), ("@id", taskId));

    private static async Task<WorkTask> HeldAsync(DbConnection connection, DbTransaction transaction, string taskId, string agentId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var task = await TaskRows.FindAsync(connection, transaction, taskId, cancellationToken) ?? throw new UnknownTaskException(taskId);
        if (task.Status == TaskStatuses.Leased && task.LeaseOwner == agentId && task.LeaseExpiresAt > now) return task;
        throw new LeaseLostException(taskId, agentId, LeaseLostMessages.Describe(task, agentId, now));
    }

    private static async Task<WorkTask> CommitAsync(DbConnection connection, DbTransaction transaction, string taskId, CancellationToken cancellationToken)
    {
        var task = (await TaskRows.FindAsync(connection, transaction, taskId, cancellationToken))!;
        await transaction.CommitAsync(cancellationToken);
        return task;
    }
}
