using System.Text.Json.Serialization;

namespace Agent.Workflows.Runtime;

/// <summary>Where an instance stands. Suspended means it waits on at least one bookmark.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WorkflowStatus>))]
public enum WorkflowStatus
{
    /// <summary>Has work queued or in progress; an instance left Running by a crash is continued by recovery.</summary>
    Running,
    /// <summary>Nothing queued; waits on at least one bookmark.</summary>
    Suspended,
    /// <summary>Ran to the end: nothing queued and no bookmark left.</summary>
    Finished,
    /// <summary>Stopped by an exception or <c>Elsa.Fault</c>; an incident says why.</summary>
    Faulted,
    /// <summary>Stopped on request; its bookmarks were deleted.</summary>
    Cancelled,
}

/// <summary>A running or ended execution of one definition version, with its full state.</summary>
public sealed class WorkflowInstance
{
    /// <summary>The instance's id: the starter's choice, else a new GUID.</summary>
    public string Id { get; set; } = "";
    /// <summary>The id shared by every version of the definition; <see cref="DefinitionVersionId"/> names the version.</summary>
    public string DefinitionId { get; set; } = "";
    /// <summary>Id of the definition version the instance runs; it keeps running on it after newer versions are published.</summary>
    public string DefinitionVersionId { get; set; } = "";
    /// <summary>The number of that version, for people; <see cref="DefinitionVersionId"/> is what the engine loads.</summary>
    public int Version { get; set; }
    /// <summary>The definition's name when the instance started.</summary>
    public string? Name { get; set; }
    /// <summary>
    /// Ties the instance to something outside it; set at start or by an expression, and copied onto bookmarks so a
    /// resume by name can reach this instance alone.
    /// </summary>
    public string? CorrelationId { get; set; }
    /// <summary>Where the instance stands.</summary>
    public WorkflowStatus Status { get; set; }
    /// <summary>When the instance started.</summary>
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>When its state last changed (set at every commit).</summary>
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>When it finished, faulted or was cancelled; null while it runs or waits.</summary>
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
    public Dictionary<string, object?> Variables { get => _variables ??= new(StringComparer.Ordinal); set => _variables = value; }
    /// <summary>The input the instance was started with (names case-insensitive), read by expressions with <c>getInput</c>.</summary>
    public Dictionary<string, object?> Input { get => _input ??= new(StringComparer.OrdinalIgnoreCase); set => _input = value; }
    /// <summary>The workflow's outputs: activity outputs captured under the name of a declared workflow output.</summary>
    public Dictionary<string, object?> Output { get => _output ??= new(StringComparer.OrdinalIgnoreCase); set => _output = value; }
    /// <summary>Outputs by activity id, then output name.</summary>
    public Dictionary<string, Dictionary<string, object?>> ActivityOutputs { get => _activityOutputs ??= new(StringComparer.Ordinal); set => _activityOutputs = value; }
    /// <summary>The result of the most recently completed activity that produced one.</summary>
    public object? LastResult { get; set; }
    /// <summary>Work to do, in order; the head is the activity in progress until its completion is committed.</summary>
    public List<WorkItem> Queue { get => _queue ??= []; set => _queue = value; }
    /// <summary>Tokens on flowchart connections (see docs/engine.md for the rules).</summary>
    public List<FlowToken> Tokens { get => _tokens ??= []; set => _tokens = value; }
    /// <summary>Bookmarks this instance waits on.</summary>
    public List<Bookmark> Bookmarks { get => _bookmarks ??= []; set => _bookmarks = value; }
    /// <summary>Faults recorded against the instance, in order; each commit also hands new ones to the store's incident list.</summary>
    public List<Incident> Incidents { get => _incidents ??= []; set => _incidents = value; }
    /// <summary>Lines written by <c>Elsa.WriteLine</c>, in order.</summary>
    public List<string> OutputLines { get => _outputLines ??= []; set => _outputLines = value; }
    /// <summary>Retry attempts already made per work item id (one scheduling of an activity).</summary>
    public Dictionary<string, int> Attempts { get => _attempts ??= new(StringComparer.Ordinal); set => _attempts = value; }
    /// <summary>Work item id (earlier versions: activity id) whose execution started but was not committed; set only for activities unsafe to re-run.</summary>
    public string? InProgress { get; set; }
    /// <summary>Monotonic counter of executed activities, used to order journal entries.</summary>
    public long Sequence { get; set; }
    /// <summary>The trigger activity that started the instance, until it has run (Elsa's <c>IsTriggerOfWorkflow</c>).</summary>
    public string? TriggerActivityId { get; set; }
    /// <summary>Scopes of running composite activities and of their children, by id (see <see cref="ExecutionFrame"/>).</summary>
    public Dictionary<string, ExecutionFrame> Frames { get => _frames ??= new(StringComparer.Ordinal); set => _frames = value; }
    /// <summary>For an instance started by <c>Elsa.ExecuteWorkflow</c> or <c>Elsa.DispatchWorkflow</c>: the instance and activity that started it.</summary>
    public ParentWorkflow? Parent { get; set; }

    // Collections are made on first read: a short instance touches three of them, and eight empty dictionaries and
    // lists were a third of what starting one allocated. The runner's hot path peeks below without making them.
    private List<WorkItem>? _queue;
    private Dictionary<string, object?>? _variables;
    private Dictionary<string, object?>? _input;
    private Dictionary<string, object?>? _output;
    private Dictionary<string, Dictionary<string, object?>>? _activityOutputs;
    private List<FlowToken>? _tokens;
    private List<Bookmark>? _bookmarks;
    private List<Incident>? _incidents;
    private List<string>? _outputLines;
    private Dictionary<string, int>? _attempts;
    private Dictionary<string, ExecutionFrame>? _frames;

    /// <summary>True when the instance waits on a bookmark (without making the list).</summary>
    internal bool HasBookmarks => _bookmarks is { Count: > 0 };

    /// <summary>The tokens, or null while none was ever placed.</summary>
    internal List<FlowToken>? TokensIfAny => _tokens;

    /// <summary>The queue, or null while nothing was ever queued (a finished instance's stored copy).</summary>
    internal List<WorkItem>? QueueIfAny => _queue;

    // The collections below as they are, null while never read: a copy of the state (the in-memory store makes one per
    // commit) leaves what is empty unmade instead of making it on both sides.
    internal Dictionary<string, object?>? VariablesIfAny => _variables;

    internal Dictionary<string, object?>? InputIfAny => _input;

    internal Dictionary<string, object?>? OutputIfAny => _output;

    internal Dictionary<string, Dictionary<string, object?>>? ActivityOutputsIfAny => _activityOutputs;

    internal List<Bookmark>? BookmarksIfAny => _bookmarks;

    internal List<Incident>? IncidentsIfAny => _incidents;

    internal List<string>? OutputLinesIfAny => _outputLines;

    /// <summary>The retry attempts, or null while no activity was retried.</summary>
    internal Dictionary<string, int>? AttemptsIfAny => _attempts;

    /// <summary>The frames, or null while no frame was ever opened.</summary>
    internal Dictionary<string, ExecutionFrame>? FramesIfAny => _frames;
}

/// <summary>The activity execution that started an instance as its child, and whether it waits for the child to end.</summary>
/// <param name="InstanceId">The parent instance.</param>
/// <param name="ActivityId">The starting activity in the parent.</param>
/// <param name="ExecutionId">The starting activity's execution id (the child's instance id is derived from it).</param>
/// <param name="WaitForCompletion">True when the parent waits: it is resumed with the child's output when the child ends.</param>
public sealed record ParentWorkflow(string InstanceId, string ActivityId, string ExecutionId, bool WaitForCompletion);

/// <summary>An activity scheduled for execution, optionally carrying resume input from a bookmark.</summary>
public sealed record WorkItem(string ActivityId, string? BookmarkId = null, Dictionary<string, object?>? ResumeInput = null)
{
    /// <summary>The frame the activity runs in; null for the root flowchart.</summary>
    public string? FrameId { get; init; }

    /// <summary>
    /// Identifies this scheduling of the activity. It is stored with the queue, so a retry, or a re-run after a crash,
    /// sees the same id: activities with effects outside the instance use it as an idempotency key.
    /// </summary>
    /// <remarks>
    /// Made on first read (by the activity, a retry, a store saving the queue), not at scheduling: most executions never
    /// read it, and a GUID string per activity was a third of the runner's allocation. Once read it never changes, and
    /// a copy (<c>with</c>) made after the first read carries it.
    /// </remarks>
    public string Id { get => _id ??= Guid.NewGuid().ToString("N"); init => _id = value; }

    private string? _id;
}

/// <summary>A token produced on a connection when its source completed with the connection's port.</summary>
public sealed record FlowToken(string FromActivity, string? FromPort, string ToActivity, string? ToPort)
{
    /// <summary>The flowchart frame the connection belongs to; null for the root flowchart.</summary>
    public string? FrameId { get; init; }

    /// <summary>Set when the target consumed the token by executing.</summary>
    public bool Consumed { get; set; }
    /// <summary>Set when the token's branch was cancelled (e.g. by a WaitAny join).</summary>
    public bool Blocked { get; set; }
}

/// <summary>A point where an instance waits for something outside it: an event, a timer, an approval.</summary>
public sealed record Bookmark
{
    /// <summary>The bookmark's id (a GUID), which a resume by id names.</summary>
    public string Id { get; init; } = "";
    /// <summary>What is awaited, e.g. the event name or <c>Elsa.Delay</c>.</summary>
    public string Name { get; init; } = "";
    /// <summary>The instance that waits.</summary>
    public string InstanceId { get; init; } = "";
    /// <summary>The activity that waits; a resume runs it again with the resume input.</summary>
    public string ActivityId { get; init; } = "";
    /// <summary>The frame the waiting activity runs in (a loop iteration, a branch); null for the root flowchart.</summary>
    public string? FrameId { get; init; }
    /// <summary>The instance's correlation id when the bookmark was created, so a resume by name and correlation id reaches only this instance.</summary>
    public string? CorrelationId { get; init; }
    /// <summary>Data the waiting activity attached (e.g. an approval summary).</summary>
    public Dictionary<string, object?>? Payload { get; init; }
    /// <summary>When the activity began to wait.</summary>
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>When set, the bookmark is resumed with <c>{"expired": true}</c> at or after this time.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
}

/// <summary>A fault recorded against an instance, with the exception text.</summary>
public sealed record Incident(string ActivityId, string ActivityType, string Message, string? ExceptionType, string? StackTrace, DateTimeOffset Timestamp);

/// <summary>How one activity execution went.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JournalStatus>))]
public enum JournalStatus
{
    /// <summary>The activity completed with one or more outcomes.</summary>
    Completed,
    /// <summary>The activity created a bookmark and completed with no outcome: it waits.</summary>
    Suspended,
    /// <summary>The activity failed (an exception, <c>Elsa.Fault</c>, or a crash inside an activity unsafe to re-run) and the instance faulted.</summary>
    Faulted,
    /// <summary>The activity failed and will run again under its <c>retryPolicy</c>; the error names the attempt.</summary>
    Retrying,
    /// <summary>Reserved for an execution cut short by a cancel; none is written today, as a cancel stops an instance between activities.</summary>
    Cancelled,
}

/// <summary>One journal entry: an activity execution with timing, outcome and a short payload.</summary>
public sealed record JournalEntry
{
    /// <summary>The instance the execution belongs to.</summary>
    public string InstanceId { get; init; } = "";
    /// <summary>The entry's place in the instance's journal (from <see cref="WorkflowState.Sequence"/>), so entries read in the order they ran.</summary>
    public long Sequence { get; init; }
    /// <summary>The node's id.</summary>
    public string ActivityId { get; init; } = "";
    /// <summary>The activity type name, e.g. <c>Elsa.WriteLine</c>.</summary>
    public string ActivityType { get; init; } = "";
    /// <summary>The node's name, when the definition gives one.</summary>
    public string? ActivityName { get; init; }
    /// <summary>When the execution began.</summary>
    public DateTimeOffset StartedAt { get; init; }
    /// <summary>When the activity returned; for a suspension that is when it began to wait, not when it was resumed.</summary>
    public DateTimeOffset CompletedAt { get; init; }
    /// <summary>How long the activity ran, in milliseconds.</summary>
    public double DurationMs { get; init; }
    /// <summary>How the execution went.</summary>
    public JournalStatus Status { get; init; }
    /// <summary>Outcomes the activity completed with, comma-separated.</summary>
    public string? Outcomes { get; init; }
    /// <summary>For a fault or a retry, what went wrong (exception type and message, or the <c>Elsa.Fault</c> message); otherwise null.</summary>
    public string? Error { get; init; }
    /// <summary>A short JSON summary of outputs (truncated).</summary>
    public string? Payload { get; init; }
}
