using Agent.Workflows.Runtime;

namespace Agent.Workflows.Execution.Frames;

/// <summary>
/// Operations on the frames of one instance's state: creating them, and dropping a frame's whole subtree (its queued
/// work, bookmarks, tokens and inner frames) when a flowchart ends, a loop breaks or an instance is cancelled.
/// </summary>
internal sealed class FrameTree(WorkflowState state, TimeProvider clock)
{
    /// <summary>Bookmarks dropped since the runner last collected them; it removes them from the store.</summary>
    /// <remarks>Made on first drop: most runs drop none.</remarks>
    public List<string> RemovedBookmarkIds => _removed ??= [];

    /// <summary>The dropped bookmarks, without making the list when there are none.</summary>
    public IReadOnlyList<string> RemovedOrNone => (IReadOnlyList<string>?)_removed ?? [];

    private List<string>? _removed;

    public ExecutionFrame? Find(string? id) => state.FindFrame(id);

    public ExecutionFrame Get(string id) => Find(id)
        ?? throw new InvalidOperationException($"Frame '{id}' is not in the instance's state; the stored state is inconsistent.");

    /// <summary>Creates the frame of a composite that starts running in <paramref name="parentId"/>.</summary>
    public ExecutionFrame OpenComposite(string activityId, string? parentId, string executionId, IReadOnlyDictionary<string, object?>? variables)
    {
        var frame = new ExecutionFrame
        {
            Id = Guid.NewGuid().ToString("N"), Kind = FrameKind.Composite, ActivityId = activityId, ParentId = parentId,
            ExecutionId = executionId, StartedAt = clock.GetUtcNow(),
        };
        if (variables is not null) foreach (var (k, v) in variables) frame.Variables[k] = v;
        state.Frames[frame.Id] = frame;
        return frame;
    }

    /// <summary>Creates the frame one scheduled child of <paramref name="owner"/> runs in.</summary>
    public ExecutionFrame OpenChild(ExecutionFrame owner, string childActivityId, IReadOnlyDictionary<string, object?>? variables, string? tag)
    {
        var frame = new ExecutionFrame
        {
            Id = Guid.NewGuid().ToString("N"), Kind = FrameKind.Child, ActivityId = owner.ActivityId, ParentId = owner.Id,
            ChildActivityId = childActivityId, Tag = tag, StartedAt = clock.GetUtcNow(),
        };
        if (variables is not null) foreach (var (k, v) in variables) frame.Variables[k] = v;
        state.Frames[frame.Id] = frame;
        return frame;
    }

    /// <summary>The nearest frame, starting at <paramref name="frameId"/> and going out, that satisfies <paramref name="match"/>.</summary>
    public ExecutionFrame? Nearest(string? frameId, Func<ExecutionFrame, bool> match)
    {
        foreach (var f in state.FrameChain(frameId))
            if (match(f)) return f;
        return null;
    }

    /// <summary>True when a frame with id <paramref name="frameId"/> lies inside <paramref name="ancestorId"/> (or is it); null is the root, which holds everything.</summary>
    public bool IsWithin(string? frameId, string? ancestorId)
    {
        if (ancestorId is null) return true;
        foreach (var f in state.FrameChain(frameId))
            if (f.Id == ancestorId) return true;
        return false;
    }

    /// <summary>
    /// Drops everything inside frame <paramref name="frameId"/> (the root when null): queued work, bookmarks, tokens and
    /// inner frames. The frame itself stays when <paramref name="keepFrame"/> is true.
    /// </summary>
    public void Clear(string? frameId, bool keepFrame)
    {
        var inside = new HashSet<string>(StringComparer.Ordinal);
        if (frameId is null) inside.UnionWith(state.Frames.Keys);
        else
        {
            inside.Add(frameId);
            bool grew;
            do
            {
                grew = false;
                foreach (var f in state.Frames.Values)
                    if (f.ParentId is not null && inside.Contains(f.ParentId) && inside.Add(f.Id)) grew = true;
            } while (grew);
        }
        bool Inside(string? id) => id is null ? frameId is null : inside.Contains(id);
        state.Queue.RemoveAll(item => Inside(item.FrameId));
        for (var i = state.Bookmarks.Count - 1; i >= 0; i--)
        {
            if (!Inside(state.Bookmarks[i].FrameId)) continue;
            RemovedBookmarkIds.Add(state.Bookmarks[i].Id);
            state.Bookmarks.RemoveAt(i);
        }
        state.Tokens.RemoveAll(t => Inside(t.FrameId));
        foreach (var id in inside)
            if (!(keepFrame && id == frameId)) state.Frames.Remove(id);
    }
}
