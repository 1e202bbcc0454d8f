using Agent.Workflows.Execution.Frames;
using Agent.Workflows.Runtime;

namespace Agent.Workflows.Execution.Flowchart;

/// <summary>
/// The flowchart's routing rules, in one place (docs/engine.md states them in prose). A completed
/// activity puts a token on each outbound connection whose port is among its outcomes, in the order of
/// the definition's connections; each target then decides by its <see cref="MergeMode"/> whether to run.
/// Work runs first-in first-out. Tokens are consumed when their target is scheduled. Every run of a flowchart
/// (the root, a nested one, one per loop iteration) is a frame, and the rules apply inside it alone: work in a
/// frame is its queued activities, bookmarks and tokens, and the composites running in it (which stand for
/// everything inside them). A nested flowchart completes (with <c>Done</c>) once nothing is pending in its frame.
/// </summary>
internal sealed class TokenFlow(CompiledWorkflow workflow, WorkflowState state, FrameTree frames)
{
    /// <summary>Schedules the start activity of a new instance; an empty flowchart schedules nothing and so finishes at once.</summary>
    public static void Begin(CompiledWorkflow workflow, WorkflowState state)
    {
        if (workflow.Root.Start is { } start) state.Queue.Add(new WorkItem(start.Node.Id));
    }

    /// <summary>Starts a nested flowchart in its new frame: schedules its start; false when it is empty and so completes at once.</summary>
    public bool Enter(CompiledNode flowchart, string frameId)
    {
        if (flowchart.ChildScope!.Start is not { } start) return false;
        state.Queue.Add(new WorkItem(start.Node.Id) { FrameId = frameId });
        return true;
    }

    /// <summary>
    /// Routes the outcomes of an activity completed in flowchart frame <paramref name="frameId"/>.
    /// </summary>
    /// <returns>True when the frame is a nested flowchart's and nothing is pending in it any more: the flowchart has completed.</returns>
    public bool OnCompleted(CompiledNode node, string? frameId, IReadOnlyList<string> outcomes)
    {
        foreach (var c in node.Outbound)
        {
            if (!Contains(outcomes, c.Port)) continue;
            // A target with this single inbound connection runs for every token: no token needs keeping.
            if (c.Target.Inbound.Count == 1 && !c.IsInvalidBackEdge) { Schedule(c.Target, frameId); continue; }
            var token = new FlowToken(node.Node.Id, c.Port, c.Target.Node.Id, c.Connection.Target.Port) { FrameId = frameId };
            state.Tokens.Add(token);
            OnTokenArrived(c, token, frameId);
        }
        // An instance that never held a token (a line of single-inbound activities) has nothing to re-examine.
        if (state.TokensIfAny is not { } tokens) return frameId is not null && !HasPendingWork(frameId);
        EvaluateWaiting(frameId);
        tokens.RemoveAll(t => t.Consumed);
        return frameId is not null && !HasPendingWork(frameId);
    }

    /// <summary>True when anything is pending in flowchart frame <paramref name="frameId"/>.</summary>
    public bool HasPendingWork(string? frameId)
    {
        foreach (var item in state.Queue) if (item.FrameId == frameId) return true;
        foreach (var b in state.Bookmarks) if (b.FrameId == frameId) return true;
        foreach (var f in state.Frames.Values) if (f.ParentId == frameId && f.Kind == FrameKind.Composite) return true;
        foreach (var t in state.Tokens)
            if (!t.Consumed && !t.Blocked && t.FrameId == frameId && IsLive(workflow[t.ToActivity], frameId)) return true;
        return false;
    }

    private void OnTokenArrived(CompiledConnection c, FlowToken token, string? frameId)
    {
        var target = c.Target;
        var mode = target.MergeMode;
        if (c.IsInvalidBackEdge)
            throw new WorkflowFaultException($"Invalid backward connection: every path from the source ('{c.Source.Node.Id}') must go through the target ('{target.Node.Id}') when tracing back to the start.");
        // A loop's back edge starts the next round, except for Converge, which waits for every connection.
        if (c.IsBackEdge && mode != MergeMode.Converge) { Schedule(target, frameId); return; }
        switch (mode)
        {
            case MergeMode.WaitAllActive:
            case MergeMode.Merge:
                if (HasTokenOnEach(target.ForwardInbound, frameId)) Schedule(target, frameId);
                break;
            case MergeMode.Converge:
                if (HasTokenOnEach(target.Inbound, frameId)) Schedule(target, frameId);
                break;
            case MergeMode.Stream:
                if (!AnyDirectSourcePending(target, frameId)) Schedule(target, frameId);
                break;
            case MergeMode.Cascade:
            case MergeMode.Race:
                if (mode == MergeMode.Race) CancelSuspendedAncestors(target, frameId);
                var blocked = state.Tokens.Find(t => t.Blocked && !t.Consumed && t.FrameId == frameId && Matches(t, c));
                if (blocked is not null) { blocked.Consumed = true; token.Consumed = true; break; }
                Schedule(target, frameId);
                foreach (var other in target.ForwardInbound)
                    if (other != c) state.Tokens.Add(new FlowToken(other.Source.Node.Id, other.Port, target.Node.Id, other.Connection.Target.Port) { FrameId = frameId, Blocked = true });
                break;
        }
    }

    // Re-examines targets still holding tokens after each step: a WaitAllActive join runs once nothing
    // pending can reach its missing branches; a Stream target runs once its direct sources stop waiting.
    private void EvaluateWaiting(string? frameId)
    {
        for (var i = 0; i < state.Tokens.Count; i++)
        {
            var token = state.Tokens[i];
            if (token.Consumed || token.Blocked || token.FrameId != frameId) continue;
            var target = workflow[token.ToActivity];
            var ready = target.MergeMode switch
            {
                MergeMode.WaitAllActive => !AnyMissingBranchCanArrive(target, frameId),
                MergeMode.Stream => !AnyDirectSourcePending(target, frameId),
                _ => false,
            };
            if (ready) Schedule(target, frameId);
        }
    }

    private bool AnyMissingBranchCanArrive(CompiledNode target, string? frameId)
    {
        foreach (var c in target.ForwardInbound)
            if (!HasToken(c, frameId) && IsPendingUpstreamOf(c.Source, frameId)) return true;
        return false;
    }

    private bool AnyDirectSourcePending(CompiledNode target, string? frameId)
    {
        foreach (var c in target.ForwardInbound)
            if (IsQueued(c.Source, frameId) || HasUnconsumedTokenTo(c.Source, frameId)) return true;
        return false;
    }

    // Pending work upstream of a node: queued activities, waiting bookmarks, running composites (which stand for
    // everything inside them), and tokens held by joins that will still run. A strict join (Merge, Converge)
    // missing a branch nothing can deliver any more never runs, so its tokens do not count: that is how a dead
    // branch releases joins further down.
    private bool IsPendingUpstreamOf(CompiledNode node, string? frameId)
    {
        if (IsActiveUpstreamOf(node, frameId)) return true;
        foreach (var t in state.Tokens)
        {
            if (t.Consumed || t.Blocked || t.FrameId != frameId) continue;
            var holder = workflow[t.ToActivity];
            if (holder.Reaches[node.Index] && IsLive(holder, frameId)) return true;
        }
        return false;
    }

    private bool IsLive(CompiledNode holder, string? frameId) =>
        holder.MergeMode is not (MergeMode.Merge or MergeMode.Converge) || StrictJoinCanComplete(holder, frameId);

    private bool StrictJoinCanComplete(CompiledNode join, string? frameId)
    {
        foreach (var c in join.MergeMode == MergeMode.Converge ? join.Inbound : join.ForwardInbound)
            if (!HasToken(c, frameId) && !IsActiveUpstreamOf(c.Source, frameId)) return false;
        return true;
    }

    private bool IsActiveUpstreamOf(CompiledNode node, string? frameId)
    {
        foreach (var item in state.Queue)
            if (item.FrameId == frameId && workflow[item.ActivityId].Reaches[node.Index]) return true;
        foreach (var b in state.Bookmarks)
            if (b.FrameId == frameId && workflow[b.ActivityId].Reaches[node.Index]) return true;
        foreach (var f in state.Frames.Values)
            if (f.ParentId == frameId && f.Kind == FrameKind.Composite && workflow[f.ActivityId].Reaches[node.Index]) return true;
        return false;
    }

    // Race: activities waiting on bookmarks in the other branches into the join are cancelled, with everything inside
    // composites running there. Queued activities still run (as in Elsa); their late arrival is swallowed by the blocked tokens.
    private void CancelSuspendedAncestors(CompiledNode target, string? frameId)
    {
        for (var i = state.Bookmarks.Count - 1; i >= 0; i--)
        {
            var b = state.Bookmarks[i];
            if (b.FrameId != frameId) continue;
            var at = workflow[b.ActivityId];
            if (at == target || !at.Reaches[target.Index]) continue;
            frames.RemovedBookmarkIds.Add(b.Id);
            state.Bookmarks.RemoveAt(i);
        }
        foreach (var f in state.Frames.Values.ToList())
        {
            if (f.ParentId != frameId || f.Kind != FrameKind.Composite || !state.Frames.ContainsKey(f.Id)) continue;
            var at = workflow[f.ActivityId];
            if (at == target || !at.Reaches[target.Index] || HasQueuedWorkInside(f.Id)) continue;
            frames.Clear(f.Id, keepFrame: false);
        }
    }

    // A composite with work still queued inside is not only waiting: like a queued activity, it is left to finish.
    private bool HasQueuedWorkInside(string frameId)
    {
        foreach (var item in state.Queue) if (frames.IsWithin(item.FrameId, frameId)) return true;
        return false;
    }

    private bool HasTokenOnEach(List<CompiledConnection> connections, string? frameId)
    {
        foreach (var c in connections) if (!HasToken(c, frameId)) return false;
        return true;
    }

    private bool HasToken(CompiledConnection c, string? frameId)
    {
        foreach (var t in state.Tokens) if (!t.Consumed && !t.Blocked && t.FrameId == frameId && Matches(t, c)) return true;
        return false;
    }

    private bool HasUnconsumedTokenTo(CompiledNode node, string? frameId)
    {
        foreach (var t in state.Tokens) if (!t.Consumed && !t.Blocked && t.FrameId == frameId && t.ToActivity == node.Node.Id) return true;
        return false;
    }

    private static bool Matches(FlowToken t, CompiledConnection c) =>
        t.ToActivity == c.Target.Node.Id && t.FromActivity == c.Source.Node.Id && string.Equals(t.FromPort, c.Port, StringComparison.OrdinalIgnoreCase);

    private bool IsQueued(CompiledNode node, string? frameId)
    {
        foreach (var item in state.Queue) if (item.ActivityId == node.Node.Id && item.BookmarkId is null && item.FrameId == frameId) return true;
        return false;
    }

    // Scheduling consumes the target's waiting tokens, so a later evaluation does not run it again.
    private void Schedule(CompiledNode node, string? frameId)
    {
        if (state.TokensIfAny is { } tokens)
            foreach (var t in tokens) if (!t.Blocked && t.FrameId == frameId && t.ToActivity == node.Node.Id) t.Consumed = true;
        state.Queue.Add(new WorkItem(node.Node.Id) { FrameId = frameId });
    }

    private static bool Contains(IReadOnlyList<string> outcomes, string port)
    {
        for (var i = 0; i < outcomes.Count; i++) if (string.Equals(outcomes[i], port, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}
