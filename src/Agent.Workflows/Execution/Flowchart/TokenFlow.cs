using Agent.Workflows.Runtime;

namespace Agent.Workflows.Execution.Flowchart;

/// <summary>
/// The flowchart's routing rules, in one place (docs/engine.md states them in prose). A completed
/// activity puts a token on each outbound connection whose port is among its outcomes, in the order of
/// the definition's connections; each target then decides by its <see cref="MergeMode"/> whether to run.
/// Work runs first-in first-out. Tokens are consumed when their target is scheduled. A nested flowchart
/// completes (with <c>Done</c>) once nothing is pending inside it.
/// </summary>
internal sealed class TokenFlow(CompiledWorkflow workflow, WorkflowState state)
{
    /// <summary>Bookmarks dropped by a race or an end; the runner removes them from the store.</summary>
    public List<string> RemovedBookmarkIds { get; } = [];

    /// <summary>Nested flowcharts that completed during the last call; the runner journals them.</summary>
    public List<CompiledNode> CompletedContainers { get; } = [];

    /// <summary>Schedules the start activity of a new instance; an empty flowchart schedules nothing and so finishes at once.</summary>
    public void Begin()
    {
        if (workflow.Root.Start is { } start) state.Queue.Add(new WorkItem(start.Node.Id));
    }

    /// <summary>Starts a nested flowchart: schedules its start, or completes it at once when it is empty.</summary>
    public void Enter(CompiledNode container)
    {
        if (container.ChildScope!.Start is { } start) state.Queue.Add(new WorkItem(start.Node.Id));
        else CompleteContainer(container);
    }

    /// <summary>Routes the outcomes of a completed activity, then completes nested flowcharts left with nothing pending.</summary>
    public void OnCompleted(CompiledNode node, IReadOnlyList<string> outcomes)
    {
        foreach (var c in node.Outbound)
        {
            if (!Contains(outcomes, c.Port)) continue;
            // A target with this single inbound connection runs for every token: no token needs keeping.
            if (c.Target.Inbound.Count == 1 && !c.IsInvalidBackEdge) { Schedule(c.Target); continue; }
            var token = new FlowToken(node.Node.Id, c.Port, c.Target.Node.Id, c.Connection.Target.Port);
            state.Tokens.Add(token);
            OnTokenArrived(c, token);
        }
        EvaluateWaiting();
        state.Tokens.RemoveAll(t => t.Consumed);
        if (node.Scope.Container is { } container && !HasPendingWork(node.Scope)) CompleteContainer(container);
    }

    /// <summary>
    /// Drops every pending activity, bookmark and token inside <paramref name="scope"/> (Elsa's End); a nested
    /// flowchart then completes. For the root scope (Elsa's Finish, or End at the top) the instance ends.
    /// </summary>
    public void End(CompiledScope scope)
    {
        state.Queue.RemoveAll(item => scope.AncestorOf(workflow[item.ActivityId]) is not null);
        for (var i = state.Bookmarks.Count - 1; i >= 0; i--)
        {
            if (scope.AncestorOf(workflow[state.Bookmarks[i].ActivityId]) is null) continue;
            RemovedBookmarkIds.Add(state.Bookmarks[i].Id);
            state.Bookmarks.RemoveAt(i);
        }
        state.Tokens.RemoveAll(t => scope.AncestorOf(workflow[t.ToActivity]) is not null);
        if (scope.Container is { } container) CompleteContainer(container);
    }

    private void CompleteContainer(CompiledNode container)
    {
        CompletedContainers.Add(container);
        OnCompleted(container, ["Done"]);
    }

    private void OnTokenArrived(CompiledConnection c, FlowToken token)
    {
        var target = c.Target;
        var mode = target.MergeMode;
        if (c.IsInvalidBackEdge)
            throw new WorkflowFaultException($"Invalid backward connection: every path from the source ('{c.Source.Node.Id}') must go through the target ('{target.Node.Id}') when tracing back to the start.");
        // A loop's back edge starts the next round, except for Converge, which waits for every connection.
        if (c.IsBackEdge && mode != MergeMode.Converge) { Schedule(target); return; }
        switch (mode)
        {
            case MergeMode.WaitAllActive:
            case MergeMode.Merge:
                if (HasTokenOnEach(target.ForwardInbound)) Schedule(target);
                break;
            case MergeMode.Converge:
                if (HasTokenOnEach(target.Inbound)) Schedule(target);
                break;
            case MergeMode.Stream:
                if (!AnyDirectSourcePending(target)) Schedule(target);
                break;
            case MergeMode.Cascade:
            case MergeMode.Race:
                if (mode == MergeMode.Race) CancelSuspendedAncestors(target);
                var blocked = state.Tokens.Find(t => t.Blocked && !t.Consumed && Matches(t, c));
                if (blocked is not null) { blocked.Consumed = true; token.Consumed = true; break; }
                Schedule(target);
                foreach (var other in target.ForwardInbound)
                    if (other != c) state.Tokens.Add(new FlowToken(other.Source.Node.Id, other.Port, target.Node.Id, other.Connection.Target.Port) { Blocked = true });
                break;
        }
    }

    // Re-examines targets still holding tokens after each step: a WaitAllActive join runs once nothing
    // pending can reach its missing branches; a Stream target runs once its direct sources stop waiting.
    private void EvaluateWaiting()
    {
        for (var i = 0; i < state.Tokens.Count; i++)
        {
            var token = state.Tokens[i];
            if (token.Consumed || token.Blocked) continue;
            var target = workflow[token.ToActivity];
            var ready = target.MergeMode switch
            {
                MergeMode.WaitAllActive => !AnyMissingBranchCanArrive(target),
                MergeMode.Stream => !AnyDirectSourcePending(target),
                _ => false,
            };
            if (ready) Schedule(target);
        }
    }

    private bool AnyMissingBranchCanArrive(CompiledNode target)
    {
        foreach (var c in target.ForwardInbound)
            if (!HasToken(c) && IsPendingUpstreamOf(c.Source)) return true;
        return false;
    }

    private bool AnyDirectSourcePending(CompiledNode target)
    {
        foreach (var c in target.ForwardInbound)
            if (IsQueued(c.Source) || HasUnconsumedTokenTo(c.Source)) return true;
        return false;
    }

    // Pending work upstream of a node: queued activities, waiting bookmarks, and tokens held by joins
    // that will still run — inside nested flowcharts too, placed at their flowchart's node. A strict
    // join (Merge, Converge) missing a branch nothing can deliver any more never runs, so its tokens do
    // not count: that is how a dead branch releases joins further down.
    private bool IsPendingUpstreamOf(CompiledNode node)
    {
        if (IsActiveUpstreamOf(node)) return true;
        foreach (var t in state.Tokens)
        {
            if (t.Consumed || t.Blocked) continue;
            var holder = workflow[t.ToActivity];
            if (node.Scope.AncestorOf(holder) is { } at && at.Reaches[node.Index] && IsLive(holder)) return true;
        }
        return false;
    }

    private bool IsLive(CompiledNode holder) => holder.MergeMode is not (MergeMode.Merge or MergeMode.Converge) || StrictJoinCanComplete(holder);

    private bool StrictJoinCanComplete(CompiledNode join)
    {
        foreach (var c in join.MergeMode == MergeMode.Converge ? join.Inbound : join.ForwardInbound)
            if (!HasToken(c) && !IsActiveUpstreamOf(c.Source)) return false;
        return true;
    }

    private bool IsActiveUpstreamOf(CompiledNode node)
    {
        foreach (var item in state.Queue)
            if (node.Scope.AncestorOf(workflow[item.ActivityId]) is { } at && at.Reaches[node.Index]) return true;
        foreach (var b in state.Bookmarks)
            if (node.Scope.AncestorOf(workflow[b.ActivityId]) is { } at && at.Reaches[node.Index]) return true;
        return false;
    }

    // A nested flowchart is done when nothing inside it is queued, waiting on a bookmark, or held by a live join.
    private bool HasPendingWork(CompiledScope scope)
    {
        foreach (var item in state.Queue) if (scope.AncestorOf(workflow[item.ActivityId]) is not null) return true;
        foreach (var b in state.Bookmarks) if (scope.AncestorOf(workflow[b.ActivityId]) is not null) return true;
        foreach (var t in state.Tokens)
        {
            if (t.Consumed || t.Blocked) continue;
            var holder = workflow[t.ToActivity];
            if (scope.AncestorOf(holder) is not null && IsLive(holder)) return true;
        }
        return false;
    }

    // Race: activities waiting on bookmarks in the other branches into the join are cancelled. Queued
    // activities still run (as in Elsa); their late arrival is swallowed by the blocked tokens.
    private void CancelSuspendedAncestors(CompiledNode target)
    {
        for (var i = state.Bookmarks.Count - 1; i >= 0; i--)
        {
            var at = target.Scope.AncestorOf(workflow[state.Bookmarks[i].ActivityId]);
            if (at is null || at == target || !at.Reaches[target.Index]) continue;
            RemovedBookmarkIds.Add(state.Bookmarks[i].Id);
            state.Bookmarks.RemoveAt(i);
        }
    }

    private bool HasTokenOnEach(List<CompiledConnection> connections)
    {
        foreach (var c in connections) if (!HasToken(c)) return false;
        return true;
    }

    private bool HasToken(CompiledConnection c)
    {
        foreach (var t in state.Tokens) if (!t.Consumed && !t.Blocked && Matches(t, c)) return true;
        return false;
    }

    private bool HasUnconsumedTokenTo(CompiledNode node)
    {
        foreach (var t in state.Tokens) if (!t.Consumed && !t.Blocked && t.ToActivity == node.Node.Id) return true;
        return false;
    }

    private static bool Matches(FlowToken t, CompiledConnection c) =>
        t.ToActivity == c.Target.Node.Id && t.FromActivity == c.Source.Node.Id && string.Equals(t.FromPort, c.Port, StringComparison.OrdinalIgnoreCase);

    private bool IsQueued(CompiledNode node)
    {
        foreach (var item in state.Queue) if (item.ActivityId == node.Node.Id && item.BookmarkId is null) return true;
        return false;
    }

    // Scheduling consumes the target's waiting tokens, so a later evaluation does not run it again.
    private void Schedule(CompiledNode node)
    {
        foreach (var t in state.Tokens) if (!t.Blocked && t.ToActivity == node.Node.Id) t.Consumed = true;
        state.Queue.Add(new WorkItem(node.Node.Id));
    }

    private static bool Contains(IReadOnlyList<string> outcomes, string port)
    {
        for (var i = 0; i < outcomes.Count; i++) if (string.Equals(outcomes[i], port, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}
