using System.Text.Json;

namespace Agent.Activities.Coordination.Distribution;

/// <summary>Where a task stands: queued → leased → done, parked or cancelled (leased goes back to queued when its lease expires).</summary>
public static class TaskStatuses
{
    /// <summary>Waiting for an agent.</summary>
    public const string Queued = "queued";
    /// <summary>Held by an agent until its lease expires.</summary>
    public const string Leased = "leased";
    /// <summary>Finished with a result; never redone.</summary>
    public const string Done = "done";
    /// <summary>Given up after its attempts ran out, or failed for good; has a reason.</summary>
    public const string Parked = "parked";
    /// <summary>Withdrawn before it was done.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>Every status.</summary>
    public static IReadOnlyList<string> All { get; } = [Queued, Leased, Done, Parked, Cancelled];
}

/// <summary>The roles tasks are written for; a task may also want a role some registered agent has.</summary>
public static class AgentRoles
{
    /// <summary>The well-known roles.</summary>
    public static IReadOnlyList<string> Known { get; } = ["planner", "implementer", "reviewer", "researcher"];
}

/// <summary>A task to enqueue, as a caller writes it (checked by <see cref="TaskValidator"/>).</summary>
public sealed record TaskDraft
{
    /// <summary>The task's id: enqueueing the same id again stores nothing new.</summary>
    public string? Id { get; init; }
    /// <summary>What kind of work (free text, e.g. <c>gap</c>, <c>subtask</c>, <c>review</c>).</summary>
    public string? Kind { get; init; }
    /// <summary>The role of the agent that should do it.</summary>
    public string? Role { get; init; }
    /// <summary>Capabilities the agent must have, besides its role.</summary>
    public IReadOnlyList<string>? Capabilities { get; init; }
    /// <summary>The work itself, as JSON text (an empty object when null).</summary>
    public string? Payload { get; init; }
    /// <summary>Ties the task to a cycle or goal.</summary>
    public string? CorrelationId { get; init; }
}

/// <summary>A stored task.</summary>
public sealed record WorkTask
{
    /// <summary>The id.</summary>
    public required string Id { get; init; }
    /// <summary>The kind of work.</summary>
    public required string Kind { get; init; }
    /// <summary>The role wanted.</summary>
    public required string Role { get; init; }
    /// <summary>The capabilities wanted, sorted.</summary>
    public required IReadOnlyList<string> Capabilities { get; init; }
    /// <summary>The work.</summary>
    public required JsonElement Payload { get; init; }
    /// <summary>The cycle or goal it belongs to.</summary>
    public string? CorrelationId { get; init; }
    /// <summary>One of <see cref="TaskStatuses.All"/>.</summary>
    public required string Status { get; init; }
    /// <summary>The agent holding (or that last held) the lease.</summary>
    public string? LeaseOwner { get; init; }
    /// <summary>When the lease ends unless extended by a heartbeat.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; init; }
    /// <summary>Who took it for the agent: <c>workflow:&lt;execution id&gt;</c> for a workflow, else null.</summary>
    public string? Consumer { get; init; }
    /// <summary>How many leases it has had.</summary>
    public int Attempts { get; init; }
    /// <summary>Why it was parked, failed or cancelled.</summary>
    public string? Reason { get; init; }
    /// <summary>The result, when done.</summary>
    public JsonElement? Result { get; init; }
    /// <summary>When it was first enqueued.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>When it (last) entered the queue: the order of waiting.</summary>
    public required DateTimeOffset QueuedAt { get; init; }
    /// <summary>When it was last leased.</summary>
    public DateTimeOffset? LeasedAt { get; init; }
    /// <summary>When it last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }
    /// <summary>When it was done, parked or cancelled.</summary>
    public DateTimeOffset? FinishedAt { get; init; }
}

/// <summary>What an enqueue stored: the task, and whether it was there already (same id, same content).</summary>
public sealed record EnqueuedTask(WorkTask Task, bool AlreadyStored);

/// <summary>What an expiry sweep did to one task.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="AgentId">The agent whose lease expired.</param>
/// <param name="Status">Where the task went: queued again, or parked.</param>
/// <param name="Attempts">Leases used so far.</param>
public sealed record ExpiredLease(string TaskId, string AgentId, string Status, int Attempts);
