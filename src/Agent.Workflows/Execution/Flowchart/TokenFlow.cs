using Agent.Workflows.Runtime;

namespace Agent.Workflows.Execution.Flowchart;

/// <summary>
/// The flowchart's routing rules, in one place. A completed activity puts a token on each outbound
/// connection whose port is among its outcomes; a target with one forward inbound connection runs for
/// each token; a target with several joins them by its <see cref="MergeMode"/>; a token on a loop's
/// back edge always runs its target. docs/engine.md states the same rules in prose.
/// </summary>
internal sealed class TokenFlow(CompiledWorkflow workflow, WorkflowState state)
{
    /// <summary>Bookmarks dropped by a race or an end; the runner removes them from the store.</summary>
    public List<string> RemovedBookmarkIds { get; } = [];

    /// <summary>Schedules the start activity of a new instance.</summary>
    public void Begin() => state.Queue.Add(new WorkItem(workflow.Start.Node.Id));

    /// <summary>Routes the outcomes of a completed activity.</summary>
    public void OnCompleted(CompiledNode node, IReadOnlyList<string> outcomes)
    {
        foreach (var c in node.Outbound)
        {
            if (!Contains(outcomes, c.Port)) continue;
            var token = new FlowToken(node.Node.Id, c.Port, c.Target.Node.Id, c.Connection.Target.Port);
            if (c.IsBackEdge || c.Target.ForwardInbound.Count <= 1) { Schedule(c.Target); continue; }
            state.Tokens.Add(token);
            OnTokenArrived(c.Target);
        }
        EvaluateWaitingMerges();
        state.Tokens.RemoveAll(t => t.Consumed);
    }

    /// <summary>Drops every pending activity, bookmark and token: the flowchart ends (Elsa's End and Finish).</summary>
    public void EndAll()
    {
        state.Queue.Clear();
        foreach (var b in state.Bookmarks) RemovedBookmarkIds.Add(b.Id);
        state.Bookmarks.Clear();
        state.Tokens.Clear();
    }

    private void OnTokenArrived(CompiledNode target)
    {
        switch (target.MergeMode)
        {
            case MergeMode.Stream:
                ConsumeAll(target);
                if (!IsQueued(target)) Schedule(target);
                break;
            case MergeMode.Cascade:
                ConsumeAll(target);
                Schedule(target);
                break;
            case MergeMode.Race:
                ConsumeAll(target);
                CancelBranchesInto(target);
                Schedule(target);
                break;
            case MergeMode.Converge:
            case MergeMode.Merge:
                if (HasTokenOnEveryForwardInbound(target)) { ConsumeOnePerInbound(target); Schedule(target); }
                break;
        }
    }

    // A merge stops waiting for an inbound branch once nothing pending can still deliver a token on it.
    private void EvaluateWaitingMerges()
    {
        for (var i = 0; i < state.Tokens.Count; i++)
        {
            var token = state.Tokens[i];
            if (token.Consumed || token.Blocked) continue;
            var target = workflow[token.ToActivity];
            if (target.MergeMode != MergeMode.Merge || IsQueued(target)) continue;
            var canStillArrive = false;
            foreach (var c in target.ForwardInbound)
                if (!HasToken(c) && IsPendingUpstreamOf(c.Source)) { canStillArrive = true; break; }
            if (canStillArrive) continue;
            ConsumeOnePerInbound(target);
            Schedule(target);
        }
    }

    private bool IsPendingUpstreamOf(CompiledNode node)
    {
        foreach (var item in state.Queue)
            if (workflow[item.ActivityId].Reaches[node.Index]) return true;
        foreach (var b in state.Bookmarks)
            if (workflow[b.ActivityId].Reaches[node.Index]) return true;
        return false;
    }

    // Race: the first branch in wins; pending work on the other branches into the join is cancelled.
    private void CancelBranchesInto(CompiledNode target)
    {
        state.Queue.RemoveAll(item =>
        {
            var n = workflow[item.ActivityId];
            return n != target && n.Reaches[target.Index];
        });
        for (var i = state.Bookmarks.Count - 1; i >= 0; i--)
        {
            var n = workflow[state.Bookmarks[i].ActivityId];
            if (n == target || !n.Reaches[target.Index]) continue;
            RemovedBookmarkIds.Add(state.Bookmarks[i].Id);
            state.Bookmarks.RemoveAt(i);
        }
        foreach (var t in state.Tokens)
            if (!t.Consumed && t.ToActivity != target.Node.Id && workflow[t.ToActivity].Reaches[target.Index]) t.Blocked = t.Consumed = true;
    }

    private bool HasTokenOnEveryForwardInbound(CompiledNode target)
    {
        foreach (var c in target.ForwardInbound) if (!HasToken(c)) return false;
        return true;
    }

    private bool HasToken(CompiledConnection c)
    {
        foreach (var t in state.Tokens)
            if (!t.Consumed && t.ToActivity == c.Target.Node.Id && t.FromActivity == c.Source.Node.Id && string.Equals(t.FromPort, c.Port, StringComparison.OrdinalIgnoreCase))
                return true;
        return false;
    }

    private void ConsumeOnePerInbound(CompiledNode target)
    {
        foreach (var c in target.ForwardInbound)
            foreach (var t in state.Tokens)
                if (!t.Consumed && t.ToActivity == c.Target.Node.Id && t.FromActivity == c.Source.Node.Id && string.Equals(t.FromPort, c.Port, StringComparison.OrdinalIgnoreCase))
                { t.Consumed = true; break; }
    }

    private void ConsumeAll(CompiledNode target)
    {
        foreach (var t in state.Tokens) if (t.ToActivity == target.Node.Id) t.Consumed = true;
    }

    private bool IsQueued(CompiledNode node)
    {
        foreach (var item in state.Queue) if (item.ActivityId == node.Node.Id && item.BookmarkId is null) return true;
        return false;
    }

    private void Schedule(CompiledNode node) => state.Queue.Add(new WorkItem(node.Node.Id));

    private static bool Contains(IReadOnlyList<string> outcomes, string port)
    {
        for (var i = 0; i < outcomes.Count; i++) if (string.Equals(outcomes[i], port, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}
