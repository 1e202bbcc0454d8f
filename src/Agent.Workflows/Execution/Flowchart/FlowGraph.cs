using System.Collections;

namespace Agent.Workflows.Execution.Flowchart;

/// <summary>Graph facts a flowchart's join rules depend on: which connections close loops, and what reaches what.</summary>
internal static class FlowGraph
{
    // A depth-first walk from the start (then from any node not yet seen) marks connections into a node
    // still on the walk's stack: those close loops, and joins must not wait for them.
    public static void MarkBackEdges(List<CompiledNode> nodes, CompiledNode start)
    {
        var state = new byte[nodes.Count]; // 0 new, 1 on stack, 2 done
        void Visit(CompiledNode root)
        {
            var stack = new Stack<(CompiledNode Node, int Next)>();
            stack.Push((root, 0));
            state[root.Index] = 1;
            while (stack.Count > 0)
            {
                var (node, next) = stack.Pop();
                if (next < node.Outbound.Count)
                {
                    stack.Push((node, next + 1));
                    var c = node.Outbound[next];
                    var t = c.Target;
                    if (state[t.Index] == 1) c.IsBackEdge = true;
                    else if (state[t.Index] == 0) { state[t.Index] = 1; stack.Push((t, 0)); }
                }
                else state[node.Index] = 2;
            }
        }
        Visit(start);
        foreach (var n in nodes) if (state[n.Index] == 0) Visit(n);
        foreach (var n in nodes) n.ForwardInbound.AddRange(n.Inbound.Where(c => !c.IsBackEdge));
    }

    // A loop is well formed only when its target lies on every path from the start to its source (the
    // target dominates the source); otherwise following it re-runs part of a flow that was never joined,
    // which Elsa reports as an invalid backward connection.
    public static void MarkInvalidBackEdges(List<CompiledNode> nodes, CompiledNode start)
    {
        foreach (var n in nodes)
            foreach (var c in n.Outbound)
                if (c.IsBackEdge) c.IsInvalidBackEdge = c.Target != start && ReachableAvoiding(start, c.Source, c.Target, nodes.Count);
    }

    private static bool ReachableAvoiding(CompiledNode from, CompiledNode to, CompiledNode avoid, int count)
    {
        var seen = new bool[count];
        var stack = new Stack<CompiledNode>();
        stack.Push(from);
        seen[from.Index] = true;
        while (stack.Count > 0)
        {
            var n = stack.Pop();
            if (n == to) return true;
            foreach (var c in n.Outbound)
            {
                if (c.IsBackEdge || c.Target == avoid || seen[c.Target.Index]) continue;
                seen[c.Target.Index] = true;
                stack.Push(c.Target);
            }
        }
        return false;
    }

    public static void ComputeReachability(List<CompiledNode> nodes)
    {
        foreach (var n in nodes) n.Reaches = new BitArray(nodes.Count);
        var done = new bool[nodes.Count];
        void Fill(CompiledNode n)
        {
            if (done[n.Index]) return;
            done[n.Index] = true;
            n.Reaches[n.Index] = true;
            foreach (var c in n.Outbound)
            {
                if (c.IsBackEdge) continue;
                Fill(c.Target);
                n.Reaches.Or(c.Target.Reaches);
            }
        }
        foreach (var n in nodes) Fill(n);
    }
}
