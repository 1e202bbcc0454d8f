using Agent.Activities.Coordination.Messaging;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Coordination.Distribution;

/// <summary>
/// The durable work queue of gaps and subtasks: enqueue, lease (pull) or assign (push), heartbeat, complete, fail,
/// cancel, and the expiry sweep. Input is checked before anything is stored; each change is one SQLite transaction
/// (see <see cref="TaskLeases"/>); changes that make a task available resume the workflows waiting in <see cref="LeaseTask"/>
/// (unless <c>Coordination:ResumeOnSend</c> is false, as for the message bus: then the sweep of <c>agent serve</c> does),
/// and changes that finish a task resume the workflows waiting in <see cref="AwaitTasks"/> for it (<see cref="TaskWaitDispatcher"/>).
/// </summary>
public sealed class TaskQueue(TaskStore store, TaskLeases leases, TaskDispatcher dispatcher, TaskWaitDispatcher waiters, IOptions<CoordinationOptions> options, TimeProvider clock)
{
    /// <summary>Enqueues <paramref name="drafts"/>, all or none, and resumes the workflows waiting for them.</summary>
    /// <exception cref="InvalidTaskException">A task is malformed, its id used by another task, or its role unknown; nothing was stored.</exception>
    public async Task<IReadOnlyList<EnqueuedTask>> EnqueueAsync(IReadOnlyList<TaskDraft> drafts, CancellationToken cancellationToken = default)
    {
        var stored = await StoreAsync(drafts, cancellationToken);
        // A process that runs no workflows (Coordination:ResumeOnSend false) leaves the resume to the server's sweep.
        if (!options.Value.ResumeOnSend) return stored;
        // The tasks are stored: a failed resume must not make the caller enqueue again; the sweep's pass retries it.
        try { await dispatcher.DispatchAsync(null, cancellationToken); }
        catch (Exception e) when (e is not OperationCanceledException) { dispatcher.DispatchInBackground(null); }
        return stored;
    }

    /// <summary>Enqueues from inside a workflow: stores, then resumes the waiting workflows on the thread pool.</summary>
    /// <exception cref="InvalidTaskException">A task is malformed, its id used by another task, or its role unknown; nothing was stored.</exception>
    public async Task<IReadOnlyList<EnqueuedTask>> EnqueueFromWorkflowAsync(IReadOnlyList<TaskDraft> drafts, CancellationToken cancellationToken)
    {
        var stored = await StoreAsync(drafts, cancellationToken);
        // As EnqueueAsync: a process that runs no workflows (ResumeOnSend false, e.g. 'agent run' beside a server) must
        // not resume the waiting workers itself, or their Claude runs would die with it when the command ends.
        if (options.Value.ResumeOnSend) dispatcher.DispatchInBackground(null);
        return stored;
    }

    /// <summary>The pull: leases the best task for <paramref name="agentId"/> (see <see cref="TaskLeases.LeaseAsync"/>), or null when none fits.</summary>
    /// <exception cref="UnknownAgentException">The agent is not registered.</exception>
    public Task<WorkTask?> LeaseAsync(string? agentId, CancellationToken cancellationToken = default) =>
        leases.LeaseAsync(CheckAgent(agentId), null, clock.GetUtcNow(), options.Value.LeaseTimeout, cancellationToken);

    /// <summary>The pull for a workflow execution: the task it already holds (a re-run after a crash), or a new one.</summary>
    /// <exception cref="UnknownAgentException">The agent is not registered.</exception>
    public Task<WorkTask?> LeaseForWorkflowAsync(string? agentId, string executionId, CancellationToken cancellationToken) =>
        leases.LeaseAsync(CheckAgent(agentId), "workflow:" + executionId, clock.GetUtcNow(), options.Value.LeaseTimeout, cancellationToken);

    /// <summary>The push: leases queued task <paramref name="taskId"/> to the best agent (see <see cref="AgentPicker"/>), or null when none fits.</summary>
    /// <exception cref="UnknownTaskException">No such task.</exception>
    /// <exception cref="TaskStateException">The task is not queued.</exception>
    public async Task<WorkTask?> AssignAsync(string? taskId, CancellationToken cancellationToken = default)
    {
        var assigned = await leases.AssignAsync(TaskValidator.CheckId(taskId), clock.GetUtcNow(), options.Value.LeaseTimeout, cancellationToken);
        if (assigned is not null && options.Value.ResumeOnSend) dispatcher.DispatchInBackground([assigned.LeaseOwner!]);
        return assigned;
    }

    /// <summary>Extends the agent's lease on the task by <c>Coordination:LeaseTimeout</c>.</summary>
    /// <exception cref="LeaseLostException">The agent does not hold the lease; the message says who does.</exception>
    public Task<WorkTask> HeartbeatAsync(string? taskId, string? agentId, CancellationToken cancellationToken = default) =>
        leases.HeartbeatAsync(TaskValidator.CheckId(taskId), CheckAgent(agentId), clock.GetUtcNow(), options.Value.LeaseTimeout, cancellationToken);

    /// <summary>Marks the task done with <paramref name="resultJson"/> (an empty object when null); a same-agent, same-result retry is a no-op.</summary>
    /// <exception cref="InvalidTaskException">The result is not JSON.</exception>
    /// <exception cref="LeaseLostException">The agent does not hold the lease.</exception>
    /// <exception cref="TaskStateException">The task is done already by another agent or with another result.</exception>
    public Task<WorkTask> CompleteAsync(string? taskId, string? agentId, string? resultJson, CancellationToken cancellationToken = default)
    {
        var id = TaskValidator.CheckId(taskId);
        var result = TaskValidator.ParseJson(resultJson, "result", $"Task '{id}'") ?? TaskValidator.ParseJson("{}", "result", id)!.Value;
        return FinishedAsync(leases.CompleteAsync(id, CheckAgent(agentId), result, clock.GetUtcNow(), cancellationToken));
    }

    /// <summary>The holder gives the task up: queued again when <paramref name="retry"/> and attempts are left, else parked with the reason.</summary>
    /// <exception cref="LeaseLostException">The agent does not hold the lease.</exception>
    public async Task<WorkTask> FailAsync(string? taskId, string? agentId, string reason, bool retry = true, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new InvalidTaskException("reason", "Say why the task failed; the reason is kept with it for whoever looks next.");
        var task = await leases.FailAsync(TaskValidator.CheckId(taskId), CheckAgent(agentId), reason.Trim(), retry, options.Value.MaxAttempts, clock.GetUtcNow(), cancellationToken);
        if (task.Status == TaskStatuses.Queued && options.Value.ResumeOnSend) dispatcher.DispatchInBackground(null);
        if (task.Status == TaskStatuses.Parked) WakeWaiters();
        return task;
    }

    /// <summary>Cancels a queued or leased task.</summary>
    /// <exception cref="TaskStateException">The task is done or parked.</exception>
    public Task<WorkTask> CancelAsync(string? taskId, string reason, CancellationToken cancellationToken = default) =>
        FinishedAsync(leases.CancelAsync(TaskValidator.CheckId(taskId), string.IsNullOrWhiteSpace(reason) ? "cancelled" : reason.Trim(), clock.GetUtcNow(), cancellationToken));

    /// <summary>The expiry sweep: expired leases go back to the queue (or are parked after <c>Coordination:MaxAttempts</c>), and the workflows waiting for them are resumed.</summary>
    public async Task<IReadOnlyList<ExpiredLease>> ExpireLeasesAsync(CancellationToken cancellationToken = default)
    {
        var expired = await leases.ExpireAsync(clock.GetUtcNow(), options.Value.MaxAttempts, cancellationToken);
        if (expired.Any(e => e.Status == TaskStatuses.Queued) && options.Value.ResumeOnSend) await dispatcher.DispatchAsync(null, cancellationToken);
        if (expired.Any(e => e.Status == TaskStatuses.Parked)) WakeWaiters();
        return expired;
    }

    /// <summary>The task with <paramref name="taskId"/>.</summary>
    /// <exception cref="UnknownTaskException">No such task.</exception>
    public async Task<WorkTask> GetAsync(string? taskId, CancellationToken cancellationToken = default) =>
        await store.FindAsync(TaskValidator.CheckId(taskId), cancellationToken) ?? throw new UnknownTaskException(taskId!);

    /// <summary>The tasks, in enqueue order (only those in <paramref name="status"/> when given).</summary>
    /// <exception cref="InvalidTaskException">The status is not one of <see cref="TaskStatuses.All"/>.</exception>
    public Task<IReadOnlyList<WorkTask>> ListAsync(string? status, int take = 200, CancellationToken cancellationToken = default)
    {
        var normalized = status?.Trim().ToLowerInvariant();
        if (normalized is not null && !TaskStatuses.All.Contains(normalized))
            throw new InvalidTaskException("status", $"The task status '{status}' is not known; give one of {string.Join(", ", TaskStatuses.All)}.");
        return store.ListAsync(normalized, take, cancellationToken);
    }

    private async Task<IReadOnlyList<EnqueuedTask>> StoreAsync(IReadOnlyList<TaskDraft>? drafts, CancellationToken cancellationToken)
    {
        // Read first: options that fail validation (e.g. MaxAttempts 0) refuse the enqueue before anything is stored.
        _ = options.Value;
        if (drafts is null || drafts.Count == 0) throw new InvalidTaskException("tasks", "No tasks to enqueue; give a list of one or more tasks.");
        // Every task is checked before any is stored, so one bad task leaves the whole list out.
        var validated = drafts.Select(TaskValidator.Validate).ToList();
        return await store.EnqueueAsync(validated, clock.GetUtcNow(), cancellationToken);
    }

    private async Task<WorkTask> FinishedAsync(Task<WorkTask> change)
    {
        var task = await change;
        WakeWaiters();
        return task;
    }

    // On the thread pool: a task is usually finished inside a worker's workflow, and the waiting coordinator is another
    // instance. A process that runs no workflows leaves it to the sweep of agent serve, as for the other resumes.
    private void WakeWaiters()
    {
        if (options.Value.ResumeOnSend) waiters.DispatchInBackground();
    }

    private static string CheckAgent(string? agentId)
    {
        var id = agentId?.Trim();
        return AgentIds.IsValid(id) ? id! : throw new InvalidTaskException("agentId", $"The agent id '{agentId}' is not valid; give a registered agent's id ({AgentIds.Rule}).");
    }
}
