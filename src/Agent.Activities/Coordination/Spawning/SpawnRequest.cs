namespace Agent.Activities.Coordination.Spawning;

/// <summary>A request to spawn one agent.</summary>
/// <param name="RequestId">The idempotency key: the same id never starts a second agent (derive it from a workflow's execution id).</param>
/// <param name="Role">The agent's role (planner, implementer, reviewer, researcher, or one configured under <c>Coordination:Roles</c>).</param>
/// <param name="ParentId">The spawning agent (registered), or null for a top-level agent.</param>
/// <param name="CorrelationId">The task or conversation the agent works for, or null.</param>
/// <param name="MaxUsd">The agent's budget in USD (null: no limit of its own).</param>
/// <param name="MaxTokens">The agent's budget in tokens (null: no limit of its own).</param>
/// <param name="PermissionMode">The Claude permission mode; null for the role's.</param>
public sealed record SpawnRequest(string RequestId, string Role, string? ParentId = null, string? CorrelationId = null,
    decimal? MaxUsd = null, long? MaxTokens = null, string? PermissionMode = null);

/// <summary>A stored spawn request and where it stands.</summary>
/// <param name="RequestId">The request's id.</param>
/// <param name="AgentId">The agent it spawns (derived from the request id).</param>
/// <param name="Role">The agent's role.</param>
/// <param name="ParentId">The spawning agent, or null.</param>
/// <param name="CorrelationId">The task or conversation, or null.</param>
/// <param name="MaxUsd">Budget in USD, or null.</param>
/// <param name="MaxTokens">Budget in tokens, or null.</param>
/// <param name="PermissionMode">The Claude permission mode the worker runs with.</param>
/// <param name="Status">One of <see cref="SpawnStatuses"/>.</param>
/// <param name="InstanceId">The worker workflow instance (derived from the agent id; exists once started).</param>
/// <param name="CreatedAt">When it was requested.</param>
public sealed record SpawnRecord(string RequestId, string AgentId, string Role, string? ParentId, string? CorrelationId,
    decimal? MaxUsd, long? MaxTokens, string PermissionMode, string Status, string InstanceId, DateTimeOffset CreatedAt);

/// <summary>Where a spawn request stands.</summary>
public static class SpawnStatuses
{
    /// <summary>Waiting for a slot (<c>Coordination:MaxAgents</c> live agents exist).</summary>
    public const string Queued = "queued";
    /// <summary>
    /// Holds a slot; its worker instance is not known to be stored yet (being launched, or a crash interrupted the launch,
    /// repaired by the next spawn or <see cref="AgentSpawner.ResumeAsync"/>).
    /// </summary>
    public const string Admitted = "admitted";
    /// <summary>Its worker instance was stored: should it be missing now, it ended and retention deleted it.</summary>
    public const string Started = "started";
    /// <summary>Its agent stopped; the slot is free.</summary>
    public const string Stopped = "stopped";
}
