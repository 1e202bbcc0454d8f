namespace Agent.Workflows.Runtime;

/// <summary>Names where in the running composites something is, for people: <c>loop[2] › body</c>.</summary>
public static class FramePath
{
    /// <summary>
    /// The path of frame <paramref name="frameId"/> from the root, one step per composite: a child frame as the composite's
    /// id with the child's tag in brackets (the iteration's index, the case's label), a flowchart's frame as its id.
    /// Empty for the root.
    /// </summary>
    public static string Describe(WorkflowState state, string? frameId)
    {
        var steps = new List<string>();
        ExecutionFrame? inner = null;
        foreach (var f in state.FrameChain(frameId))
        {
            // A composite's own frame is already named by the child frame below it.
            var namedBelow = f.Kind == FrameKind.Composite && inner is { Kind: FrameKind.Child } && inner.ParentId == f.Id;
            if (!namedBelow) steps.Add(f.Kind == FrameKind.Child && f.Tag is { Length: > 0 } tag ? $"{f.ActivityId}[{tag}]" : f.ActivityId);
            inner = f;
        }
        steps.Reverse();
        return string.Join(" › ", steps);
    }
}
