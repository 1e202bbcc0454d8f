using Agent.Workflows.Runtime;

namespace Agent.Workflows.Persistence.EntityFramework;

// Table rows. They are kept apart from the runtime types so that the schema can change (indexes, denormalized
// columns) without touching the engine's model, and so that the engine's types need no EF-specific shape.

/// <summary>One version of a workflow definition; <see cref="Json"/> is the whole definition.</summary>
public sealed class DefinitionRecord
{
    /// <summary>The version's id, the primary key (<see cref="Model.WorkflowDefinition.Id"/>).</summary>
    public string Id { get; set; } = "";
    /// <summary>The id shared by every version; unique together with <see cref="Version"/>, so two writers cannot both create a version.</summary>
    public string DefinitionId { get; set; } = "";
    /// <summary>The version number within the definition.</summary>
    public int Version { get; set; }
    /// <summary>The definition's name, a column so lists need not parse <see cref="Json"/>.</summary>
    public string? Name { get; set; }
    /// <summary>Whether this is the definition's latest version; on read it overrides the flag inside <see cref="Json"/>.</summary>
    public bool IsLatest { get; set; }
    /// <summary>Whether this version is published; on read it overrides the flag inside <see cref="Json"/>.</summary>
    public bool IsPublished { get; set; }
    /// <summary>When the version was first stored.</summary>
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>The definition in Elsa's JSON, verbatim, fields the engine does not know included.</summary>
    public string Json { get; set; } = "";
}

/// <summary>A workflow instance; <see cref="StateJson"/> is its serialized <see cref="WorkflowState"/>.</summary>
public sealed class InstanceRecord
{
    /// <summary>The instance's id, the primary key.</summary>
    public string Id { get; set; } = "";
    /// <summary>The id shared by every version of the definition; indexed to list a definition's instances.</summary>
    public string DefinitionId { get; set; } = "";
    /// <summary>The definition version the instance runs.</summary>
    public string DefinitionVersionId { get; set; } = "";
    /// <summary>That version's number.</summary>
    public int Version { get; set; }
    /// <summary>The status, stored by name; indexed because recovery looks up every <see cref="WorkflowStatus.Running"/> instance.</summary>
    public WorkflowStatus Status { get; set; }
    /// <summary>The instance's correlation id.</summary>
    public string? CorrelationId { get; set; }
    /// <summary>The definition's name when the instance started.</summary>
    public string? Name { get; set; }
    /// <summary>When the instance started.</summary>
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>When its state was last committed.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>When it finished, faulted or was cancelled.</summary>
    public DateTimeOffset? FinishedAt { get; set; }
    /// <summary>Incremented at every commit; a commit updates the row only when it still holds the revision the writer read.</summary>
    public long Revision { get; set; }
    /// <summary>The serialized state: variables, queue, tokens, bookmarks, incidents.</summary>
    public string StateJson { get; set; } = "";
}

/// <summary>A bookmark an instance waits on.</summary>
public sealed class BookmarkRecord
{
    /// <summary>The bookmark's id, the primary key; a resume deletes the row, so only one resume of it succeeds.</summary>
    public string Id { get; set; } = "";
    /// <summary>What is awaited; indexed with <see cref="CorrelationId"/> for resumes by name.</summary>
    public string Name { get; set; } = "";
    /// <summary>The waiting instance; its bookmarks are deleted with it.</summary>
    public string InstanceId { get; set; } = "";
    /// <summary>The activity that waits.</summary>
    public string ActivityId { get; set; } = "";
    /// <summary>The instance's correlation id when the bookmark was created.</summary>
    public string? CorrelationId { get; set; }
    /// <summary>The bookmark's payload as JSON; null when it has none.</summary>
    public string? PayloadJson { get; set; }
    /// <summary>When the activity began to wait.</summary>
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>When the bookmark expires; indexed because the server looks for expired bookmarks every second.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }
}

/// <summary>One journal entry: an activity execution.</summary>
public sealed class JournalRecord
{
    /// <summary>SQLite's rowid, assigned on insert (see WorkflowModel for why it is not AUTOINCREMENT).</summary>
    public long Id { get; set; }
    /// <summary>The instance the execution belongs to; its entries are deleted with it.</summary>
    public string InstanceId { get; set; } = "";
    /// <summary>The entry's place in the instance's journal; indexed with <see cref="InstanceId"/> so a journal reads in order.</summary>
    public long Sequence { get; set; }
    /// <summary>The node's id.</summary>
    public string ActivityId { get; set; } = "";
    /// <summary>The activity type name.</summary>
    public string ActivityType { get; set; } = "";
    /// <summary>The node's name, when it has one.</summary>
    public string? ActivityName { get; set; }
    /// <summary>When the execution began.</summary>
    public DateTimeOffset StartedAt { get; set; }
    /// <summary>When the activity returned.</summary>
    public DateTimeOffset CompletedAt { get; set; }
    /// <summary>How long the activity ran, in milliseconds.</summary>
    public double DurationMs { get; set; }
    /// <summary>How the execution went, stored by name.</summary>
    public JournalStatus Status { get; set; }
    /// <summary>The outcomes, comma-separated.</summary>
    public string? Outcomes { get; set; }
    /// <summary>What went wrong, for a fault or a retry.</summary>
    public string? Error { get; set; }
    /// <summary>A short, truncated JSON summary of the outputs.</summary>
    public string? Payload { get; set; }
}

/// <summary>A fault recorded against an instance.</summary>
public sealed class IncidentRecord
{
    /// <summary>SQLite's rowid, assigned on insert.</summary>
    public long Id { get; set; }
    /// <summary>The faulted instance; its incidents are deleted with it.</summary>
    public string InstanceId { get; set; } = "";
    /// <summary>The node that faulted.</summary>
    public string ActivityId { get; set; } = "";
    /// <summary>Its activity type name.</summary>
    public string ActivityType { get; set; } = "";
    /// <summary>What went wrong, as shown to people.</summary>
    public string Message { get; set; } = "";
    /// <summary>The exception's full type name.</summary>
    public string? ExceptionType { get; set; }
    /// <summary>The exception's full text with its stack; null for a fault the engine raises itself (<c>Elsa.Fault</c>, an interrupted unsafe activity).</summary>
    public string? StackTrace { get; set; }
    /// <summary>When the fault was recorded.</summary>
    public DateTimeOffset Timestamp { get; set; }
}

/// <summary>
/// The lease of a running instance (PostgreSQL clusters): the replica executing it and when the lease runs out unless
/// that replica's heartbeat renews it. Used by raw SQL only (<see cref="PostgreSql.PostgreSqlInstanceLeases"/>).
/// </summary>
public sealed class InstanceLeaseRecord
{
    /// <summary>The instance's id, the primary key.</summary>
    public string InstanceId { get; set; } = "";
    /// <summary>The owning replica's <c>Cluster:ReplicaId</c>; indexed because the heartbeat renews by owner.</summary>
    public string Owner { get; set; } = "";
    /// <summary>When the lease runs out (database clock), unless renewed.</summary>
    public DateTimeOffset ExpiresAt { get; set; }
}
