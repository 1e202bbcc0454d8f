namespace Agent.Workflows.Runtime;

/// <summary>
/// A frame and the frames around it, innermost first (<c>foreach (var f in state.FrameChain(id))</c>). A struct with a
/// struct enumerator, so walking it on every expression inside a loop body allocates nothing.
/// </summary>
public readonly struct FrameChain(WorkflowState state, string? frameId)
{
    /// <summary>Starts the walk.</summary>
    public Enumerator GetEnumerator() => new(state, frameId);

    /// <summary>Walks from a frame outwards to the root.</summary>
    public struct Enumerator(WorkflowState state, string? frameId)
    {
        private string? _next = frameId;

        /// <summary>The frame at the current step.</summary>
        public ExecutionFrame Current { get; private set; } = null!;

        /// <summary>Steps one frame outwards; false past the outermost frame (or at an id the state does not hold).</summary>
        public bool MoveNext()
        {
            if (state.FindFrame(_next) is not { } frame) return false;
            Current = frame;
            _next = frame.ParentId;
            return true;
        }
    }
}

/// <summary>Frame lookups on an instance's state.</summary>
public static class FrameLookup
{
    /// <summary>The frame with this id; null for null (the root) or an id the state does not hold.</summary>
    public static ExecutionFrame? FindFrame(this WorkflowState state, string? id) =>
        id is not null && state.FramesIfAny is { } frames && frames.TryGetValue(id, out var frame) ? frame : null;

    /// <summary>Frame <paramref name="frameId"/> and the frames around it, innermost first.</summary>
    public static FrameChain FrameChain(this WorkflowState state, string? frameId) => new(state, frameId);
}
