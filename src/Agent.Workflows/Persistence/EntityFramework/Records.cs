using Agent.Workflows.Runtime;

namespace Agent.Workflows.Persistence.EntityFramework;

// Table rows. They are kept apart from the runtime types so that the schema can change (indexes, denormalized
// columns) without touching the engine's model, and so that the engine's types need no EF-specific shape.

/// <summary>One version of a workflow definition; <see cref="Json"/> is the whole definition.</summary>
public sealed class DefinitionRecord
{
    public string Id { get; set; } = "";
    public string DefinitionId { get; set; } = "";
    public int Version { get; set; }
    public string? Name { get; set; }
    public bool IsLatest { get; set; }
    public bool IsPublished { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string Json { get; set; } = "";
}

/// <summary>A workflow instance; <see cref="StateJson"/> is its serialized <see cref="WorkflowState"/>.</summary>
public sealed class InstanceRecord
{
    public string Id { get; set; } = "";
    public string DefinitionId { get; set; } = "";
    public string DefinitionVersionId { get; set; } = "";
    public int Version { get; set; }
    public WorkflowStatus Status { get; set; }
    public string? CorrelationId { get; set; }
    public string? Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public long Revision { get; set; }
    public string StateJson { get; set; } = "";
}

/// <summary>A bookmark an instance waits on.</summary>
public sealed class BookmarkRecord
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string InstanceId { get; set; } = "";
    public string ActivityId { get; set; } = "";
    public string? CorrelationId { get; set; }
    public string? PayloadJson { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
}

/// <summary>One journal entry: an activity execution.</summary>
public sealed class JournalRecord
{
    public long Id { get; set; }
    public string InstanceId { get; set; } = "";
    public long Sequence { get; set; }
    public string ActivityId { get; set; } = "";
    public string ActivityType { get; set; } = "";
    public string? ActivityName { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset CompletedAt { get; set; }
    public double DurationMs { get; set; }
    public JournalStatus Status { get; set; }
    public string? Outcomes { get; set; }
    public string? Error { get; set; }
    public string? Payload { get; set; }
}

/// <summary>A fault recorded against an instance.</summary>
public sealed class IncidentRecord
{
    public long Id { get; set; }
    public string InstanceId { get; set; } = "";
    public string ActivityId { get; set; } = "";
    public string ActivityType { get; set; } = "";
    public string Message { get; set; } = "";
    public string? ExceptionType { get; set; }
    public string? StackTrace { get; set; }
    public DateTimeOffset Timestamp { get; set; }
}
