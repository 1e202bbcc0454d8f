using System.Text.Json.Serialization;

namespace Agent.Workflows.Runtime;

/// <summary>What a frame stands for.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FrameKind>))]
public enum FrameKind
{
    /// <summary>
    /// A composite activity that is running (a flowchart, a loop, a sequence…): it lives until the activity completes
    /// and holds the activity's own state. Activities of a nested flowchart run directly in its frame.
    /// </summary>
    Composite,
    /// <summary>
    /// One scheduling of a composite's child (one loop iteration, one branch): it holds the variables the composite
    /// gave the child (<c>CurrentValue</c>, <c>CurrentIndex</c>) and the outputs of the activities run inside it, so
    /// iterations, even running side by side, do not see each other's values.
    /// </summary>
    Child,
}

/// <summary>
/// A scope of a running instance. Every queued activity, token and bookmark names the frame it belongs to (none: the
/// root flowchart), so work inside loop iterations and parallel branches is kept apart, survives a restart, and is
/// dropped as a whole when its container ends or breaks.
/// </summary>
public sealed class ExecutionFrame
{
    /// <summary>The frame's id (a GUID).</summary>
    public string Id { get; set; } = "";
    /// <summary>What the frame stands for.</summary>
    public FrameKind Kind { get; set; }
    /// <summary>The composite activity that owns the frame (for a child frame, the composite that scheduled the child).</summary>
    public string ActivityId { get; set; } = "";
    /// <summary>The enclosing frame; null when the frame's composite runs in the root flowchart.</summary>
    public string? ParentId { get; set; }
    /// <summary>For a child frame, the child activity it runs.</summary>
    public string? ChildActivityId { get; set; }
    /// <summary>For a composite frame, the execution id of the composite (its journal entry and its idempotency key).</summary>
    public string? ExecutionId { get; set; }
    /// <summary>What tells children apart for people and for the composite (the iteration's index, a case label).</summary>
    public string? Tag { get; set; }
    /// <summary>When the frame was created, so the composite's journal entry spans its whole run.</summary>
    public DateTimeOffset StartedAt { get; set; }
    /// <summary>Variables declared in this scope (by name), shadowing the instance's variables of the same name.</summary>
    public Dictionary<string, object?> Variables { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Outputs of the activities that ran inside this child frame, by activity id then output name.</summary>
    public Dictionary<string, Dictionary<string, object?>> ActivityOutputs { get; set; } = new(StringComparer.Ordinal);
    /// <summary>The composite's own state (a loop's index, the children still running), as plain values.</summary>
    public Dictionary<string, object?> Properties { get; set; } = new(StringComparer.Ordinal);
    /// <summary>For a workflow used as an activity: the input its activities read with <c>getInput</c>.</summary>
    public Dictionary<string, object?>? Input { get; set; }
    /// <summary>For a workflow used as an activity: the outputs its activities captured, which become the activity's outputs.</summary>
    public Dictionary<string, object?>? Output { get; set; }
}
