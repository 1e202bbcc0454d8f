using System.Text.Json.Serialization;

namespace Agent.Workflows.Runtime;

/// <summary>Where an instance stands. Suspended means it waits on at least one bookmark.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WorkflowStatus>))]
public enum WorkflowStatus { Running, Suspended, Finished, Faulted, Cancelled }

/// <summary>A running or ended execution of one definition version, with its full state.</summary>
public sealed class WorkflowInstance
{
    public string Id { get; set; } = "";
    public string DefinitionId { get; set; } = "";
    /// <summary>Id of the definition version the instance runs; it keeps running on it after newer versions are published.</summary>
    public string DefinitionVersionId { get; set; } = "";
    public int Version { get; set; }
    public string? Name { get; set; }
    public string? CorrelationId { get; set; }
    public WorkflowStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    /// <summary>Incremented at every commit; used for optimistic concurrency.</summary>
    public long Revision { get; set; }

    /// <summary>The execution state. Created on first read, so copies that assign it do not build an empty one first.</summary>
    public WorkflowState State { get => _state ??= new(); set => _state = value; }

    private WorkflowState? _state;
}

/// <summary>The serializable execution state of an instance: everything needed to resume after a restart.</summary>
public sealed class WorkflowState
{
    /// <summary>Variable values by variable name (plain values: null, bool, long, double, string, lists, string-keyed maps).</summary>
    public Dictionary<string, object?> Variables { get; set; } = new(StringComparer.Ordinal);
    public Dictionary<string, object?> Input { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<string, object?> Output { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>Outputs by activity id, then output name.</summary>
    public Dictionary<string, Dictionary<string, object?>> ActivityOutputs { get; set; } = new(StringComparer.Ordinal);
    /// <summary>The result of the most recently completed activity that produced one.</summary>
    public object? LastResult { get; set; }
    /// <summary>Work to do, in order; the head is the activity in progress until its completion is committed.</summary>
    public List<WorkItem> Queue { get; set; } = [];
    /// <summary>Tokens on flowchart connections (see docs/engine.md for the rules).</summary>
    public List<FlowToken> Tokens { get; set; } = [];
    /// <summary>Bookmarks this instance waits on.</summary>
    public List<Bookmark> Bookmarks { get; set; } = [];
    public List<Incident> Incidents { get; set; } = [];
    /// <summary>Lines written by <c>Elsa.WriteLine</c>, in order.</summary>
    public List<string> OutputLines { get; set; } = [];
    /// <summary>Retry attempts already made per activity id for the current execution.</summary>
    public Dictionary<string, int> Attempts { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Activity id whose execution started but was not committed; set only for activities unsafe to re-run.</summary>
    public string? InProgress { get; set; }
    /// <summary>Monotonic counter of executed activities, used to order journal entries.</summary>
    public long Sequence { get; set; }
    /// <summary>The trigger activity that started the instance, until it has run (Elsa's <c>IsTriggerOfWorkflow</c>).</summary>
    public string? TriggerActivityId { get; set; }
}

/// <summary>An activity scheduled for execution, optionally carrying resume input from a bookmark.</summary>
public sealed record WorkItem(string ActivityId, string? BookmarkId = null, Dictionary<string, object?>? ResumeInput = null)
{
    /// <summary>
    /// Identifies this scheduling of the activity. It is stored with the queue, so a retry, or a re-run after a crash,
    /// sees the same id: activities with effects outside the instance use it as an idempotency key.
    /// </summary>
    public string Id { get; init; } = Guid.NewGuid().ToString("N");
}

/// <summary>A token produced on a connection when its source completed with the connection's port.</summary>
public sealed record FlowToken(string FromActivity, string? FromPort, string ToActivity, string? ToPort)
{
    /// <summary>Set when the target consumed the token by executing.</summary>
    public bool Consumed { get; set; }
    /// <summary>Set when the token's branch was cancelled (e.g. by a WaitAny join).</summary>
    public bool Blocked { get; set; }
}

/// <summary>A point where an instance waits for something outside it: an event, a timer, an approval.</summary>
public sealed record Bookmark
{
    public string Id { get; init; } = "";
    /// <summary>What is awaited, e.g. the event name or <c>Elsa.Delay</c>.</summary>
    public string Name { get; init; } = "";
    public string InstanceId { get; init; } = "";
    public string ActivityId { get; init; } = "";
    public string? CorrelationId { get; init; }
    /// <summary>Data the waiting activity attached (e.g. an approval summary).</summary>
    public Dictionary<string, object?>? Payload { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>When set, the bookmark is resumed with <c>{"expired": true}</c> at or after this time.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
}

/// <summary>A fault recorded against an instance, with the exception text.</summary>
public sealed record Incident(string ActivityId, string ActivityType, string Message, string? ExceptionType, string? StackTrace, DateTimeOffset Timestamp);

/// <summary>How one activity execution went.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JournalStatus>))]
public enum JournalStatus { Completed, Suspended, Faulted, Retrying, Cancelled }

/// <summary>One journal entry: an activity execution with timing, outcome and a short payload.</summary>
public sealed record JournalEntry
{
    public string InstanceId { get; init; } = "";
    public long Sequence { get; init; }
    public string ActivityId { get; init; } = "";
    public string ActivityType { get; init; } = "";
    public string? ActivityName { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset CompletedAt { get; init; }
    public double DurationMs { get; init; }
    public JournalStatus Status { get; init; }
    /// <summary>Outcomes the activity completed with, comma-separated.</summary>
    public string? Outcomes { get; init; }
    public string? Error { get; init; }
    /// <summary>A short JSON summary of outputs (truncated).</summary>
    public string? Payload { get; init; }
}
