// The rows of coordination.db as EF Core sees them: they exist only so the migrations own the schema (the stores read and
// write with SQL through CoordinationDatabase). Column names are the properties' names in snake_case (CoordinationDbContext);
// times are round-trip ISO text and flags integers, as the SQLite file has always stored them.
#pragma warning disable CS1591 // Members mirror the columns one to one; the tables are documented on their stores.
namespace Agent.Activities.Coordination.Persistence;

/// <summary>A row of <c>agents</c>.</summary>
public sealed class AgentEntity
{
    public string Id { get; set; } = "";
    public string Role { get; set; } = "";
    public string Status { get; set; } = "";
    public string CreatedAt { get; set; } = "";
    public string UpdatedAt { get; set; } = "";
    public string? LastSeenAt { get; set; }
    public string? ParentId { get; set; }
}

/// <summary>A row of <c>messages</c>.</summary>
public sealed class MessageEntity
{
    public long Seq { get; set; }
    public string Id { get; set; } = "";
    public string Type { get; set; } = "";
    public string Sender { get; set; } = "";
    public string Recipient { get; set; } = "";
    public string? CorrelationId { get; set; }
    public string Payload { get; set; } = "";
    public string CreatedAt { get; set; } = "";
}

/// <summary>A row of <c>deliveries</c>.</summary>
public sealed class DeliveryEntity
{
    public long MessageSeq { get; set; }
    public string AgentId { get; set; } = "";
    public string State { get; set; } = "";
    public string? DeliveredAt { get; set; }
    public string? AckedAt { get; set; }
    public string? Consumer { get; set; }
}

/// <summary>A row of <c>incidents</c>.</summary>
public sealed class IncidentEntity
{
    public string Id { get; set; } = "";
    public string Fingerprint { get; set; } = "";
    public string Detector { get; set; } = "";
    public string Agents { get; set; } = "";
    public string Summary { get; set; } = "";
    public string Evidence { get; set; } = "";
    public string Action { get; set; } = "";
    public string At { get; set; } = "";
    public string? PublishedAt { get; set; }
}

/// <summary>A row of <c>coordination_control</c>.</summary>
public sealed class ControlEntity
{
    public string Name { get; set; } = "";
    public string Reason { get; set; } = "";
    public string SetAt { get; set; } = "";
    public string SetBy { get; set; } = "";
}

/// <summary>A row of <c>tasks</c>.</summary>
public sealed class TaskEntity
{
    public long Seq { get; set; }
    public string Id { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Role { get; set; } = "";
    public string Capabilities { get; set; } = "";
    public string Payload { get; set; } = "";
    public string? CorrelationId { get; set; }
    public string Status { get; set; } = "";
    public string? LeaseOwner { get; set; }
    public string? LeaseExpiresAt { get; set; }
    public string? Consumer { get; set; }
    public long Attempts { get; set; }
    public string? Reason { get; set; }
    public string? Result { get; set; }
    public string CreatedAt { get; set; } = "";
    public string QueuedAt { get; set; } = "";
    public string? LeasedAt { get; set; }
    public string UpdatedAt { get; set; } = "";
    public string? FinishedAt { get; set; }
}

/// <summary>A row of <c>agent_capabilities</c>.</summary>
public sealed class AgentCapabilityEntity
{
    public string AgentId { get; set; } = "";
    public string Capabilities { get; set; } = "";
    public string Source { get; set; } = "";
    public string UpdatedAt { get; set; } = "";
}

/// <summary>A row of <c>spawn_requests</c>.</summary>
public sealed class SpawnRequestEntity
{
    public long Seq { get; set; }
    public string Id { get; set; } = "";
    public string AgentId { get; set; } = "";
    public string Role { get; set; } = "";
    public string? ParentId { get; set; }
    public string? CorrelationId { get; set; }
    public double? MaxUsd { get; set; }
    public long? MaxTokens { get; set; }
    public string PermissionMode { get; set; } = "";
    public string Status { get; set; } = "";
    public string InstanceId { get; set; } = "";
    public string CreatedAt { get; set; } = "";
    public string UpdatedAt { get; set; } = "";
}

/// <summary>A row of <c>consensus_rounds</c>.</summary>
public sealed class ConsensusRoundEntity
{
    public string Id { get; set; } = "";
    public string CycleId { get; set; } = "";
    public string GapKey { get; set; } = "";
    public string Target { get; set; } = "";
    public long Implementers { get; set; }
    public long Reviewers { get; set; }
    public long Quorum { get; set; }
    public string Status { get; set; } = "";
    public string? Selection { get; set; }
    public string? Outcome { get; set; }
    public string? SelectedCandidate { get; set; }
    public string Reasoning { get; set; } = "[]";
    public string? MergedCommit { get; set; }
    public string CreatedAt { get; set; } = "";
    public string UpdatedAt { get; set; } = "";
    public string? ClosedAt { get; set; }
}

/// <summary>A row of <c>consensus_candidates</c>.</summary>
public sealed class ConsensusCandidateEntity
{
    public string Id { get; set; } = "";
    public string RoundId { get; set; } = "";
    public long Ordinal { get; set; }
    public string TaskId { get; set; } = "";
    public string? Implementer { get; set; }
    public string Worktree { get; set; } = "";
    public long Gated { get; set; }
    public long? GatesPassed { get; set; }
    public string GateFailures { get; set; } = "[]";
    public double? ImprovementScore { get; set; }
    public long? LinesChanged { get; set; }
    public string? DiffStat { get; set; }
    public string? GatedAt { get; set; }
}

/// <summary>A row of <c>consensus_verdicts</c>.</summary>
public sealed class ConsensusVerdictEntity
{
    public string RoundId { get; set; } = "";
    public string CandidateId { get; set; } = "";
    public string Reviewer { get; set; } = "";
    public string Verdict { get; set; } = "";
    public double? Score { get; set; }
    public string Reasons { get; set; } = "";
    public string? AbstainReason { get; set; }
    public string At { get; set; } = "";
}
