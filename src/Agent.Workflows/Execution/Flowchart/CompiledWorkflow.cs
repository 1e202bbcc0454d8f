using System.Collections;
using Agent.Workflows.Activities;
using Agent.Workflows.Descriptors;
using Agent.Workflows.Model;

namespace Agent.Workflows.Execution.Flowchart;

/// <summary>
/// A definition version prepared for execution: activities bound to their inputs, connections indexed
/// by port, back edges (loops) marked, and forward reachability precomputed for join decisions. Nested
/// flowcharts become nested <see cref="CompiledScope"/>s. Immutable and shared by every instance of the version.
/// </summary>
public sealed class CompiledWorkflow
{
    private readonly Dictionary<string, CompiledNode> _byId;

    internal CompiledWorkflow(WorkflowDefinition definition, CompiledScope root, IReadOnlyList<CompiledNode> allNodes)
    {
        Definition = definition;
        Root = root;
        _byId = allNodes.ToDictionary(n => n.Node.Id, StringComparer.Ordinal);
        // Names are looked up within the workflow a node belongs to: the definition's own, or one used as an activity.
        var named = allNodes.Where(n => !string.IsNullOrEmpty(n.Node.Name)).Select(n => (Scope: InlinedUnder(n), Node: n)).ToList();
        NamesToIds = named.Where(x => x.Scope is null).GroupBy(x => x.Node.Node.Name!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Node.Node.Id, StringComparer.Ordinal);
        _inlinedNames = named.Where(x => x.Scope is not null).GroupBy(x => $"{x.Scope}|{x.Node.Node.Name}", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Node.Node.Id, StringComparer.Ordinal);
        InlinesWorkflows = allNodes.Any(n => n.Activity is Activities.Workflows.WorkflowDefinitionActivity);
    }

    private readonly Dictionary<string, string> _inlinedNames;

    /// <summary>True when the definition uses another as an activity (it is compiled again when stored definitions change).</summary>
    internal bool InlinesWorkflows { get; }

    /// <summary>
    /// The id of the activity named <paramref name="idOrName"/> (its id in its own definition, or its name) inside the
    /// workflow activity <paramref name="workflowActivityId"/>; null when there is none.
    /// </summary>
    internal string? ResolveInlined(string workflowActivityId, string idOrName)
    {
        var prefixed = $"{workflowActivityId}:{idOrName}";
        if (_byId.ContainsKey(prefixed)) return prefixed;
        return _inlinedNames.GetValueOrDefault($"{workflowActivityId}|{idOrName}");
    }

    // The id of the nearest workflow activity a node was inlined under; null for the definition's own nodes.
    private static string? InlinedUnder(CompiledNode node)
    {
        for (var n = node.Container; n is not null; n = n.Container)
            if (n.Activity is Activities.Workflows.WorkflowDefinitionActivity) return n.Node.Id;
        return null;
    }

    /// <summary>The definition version this was compiled from.</summary>
    public WorkflowDefinition Definition { get; }

    /// <summary>How many activities the definition has, inlined ones included (sizes a run's journal buffer).</summary>
    internal int NodeCount => _byId.Count;

    internal CompiledScope Root { get; }
    internal IReadOnlyDictionary<string, string> NamesToIds { get; }

    internal CompiledNode this[string activityId] =>
        _byId.TryGetValue(activityId, out var n) ? n
            : throw new InvalidOperationException($"Activity '{activityId}' is not in definition '{Definition.DefinitionId}' v{Definition.Version}; the stored instance does not match its definition.");
}

/// <summary>One flowchart: the root, or a nested <c>Elsa.Flowchart</c> activity's children.</summary>
internal sealed class CompiledScope
{
    /// <summary>The nested flowchart activity holding this scope; null for the root.</summary>
    public CompiledNode? Container { get; init; }
    public List<CompiledNode> Nodes { get; } = [];
    /// <summary>Where the scope begins; null for an empty nested flowchart, which completes at once.</summary>
    public CompiledNode? Start { get; set; }

    public override string ToString() => Container?.ToString() ?? "root";
}

/// <summary>One activity of a compiled flowchart.</summary>
internal sealed class CompiledNode
{
    /// <summary>Position within its scope, used by the reachability bitsets.</summary>
    public required int Index { get; init; }
    public required ActivityNode Node { get; init; }
    /// <summary>JSON path of the node in the definition, for error messages.</summary>
    public required string Path { get; init; }
    public required ActivityType Type { get; init; }
    public required IActivity Activity { get; init; }
    public required RetryPolicy? Retry { get; init; }
    /// <summary>The flowchart the node stands in; null for a composite's embedded child (a loop's body, an If's branch).</summary>
    public required CompiledScope? Scope { get; init; }
    /// <summary>The composite that embeds this node as a child; null when the node stands in a flowchart.</summary>
    public CompiledNode? Parent { get; init; }
    /// <summary>The activity that holds this node: its flowchart's activity or the composite embedding it; null at the root.</summary>
    public CompiledNode? Container => Parent ?? Scope?.Container;
    /// <summary>The children when this node is a flowchart (nested, or a composite's body).</summary>
    public CompiledScope? ChildScope { get; set; }
    /// <summary>Variables the node declares for its own scope (a nested flowchart's or sequence's <c>variables</c>), read once when compiled.</summary>
    public IReadOnlyList<VariableDefinition>? DeclaredVariables { get; init; }
    /// <summary>The embedded children when this node is a composite other than a flowchart.</summary>
    public List<CompiledNode> Children { get; } = [];
    public List<CompiledConnection> Inbound { get; } = [];
    public List<CompiledConnection> Outbound { get; } = [];
    /// <summary>Inbound connections that are not loop back edges; only these are joined.</summary>
    public List<CompiledConnection> ForwardInbound { get; } = [];
    /// <summary>Nodes of the same scope reachable from this one along forward edges (this one included).</summary>
    public BitArray Reaches { get; set; } = new(0);
    public MergeMode MergeMode { get; set; } = MergeMode.WaitAllActive;

    public override string ToString() => $"{Node.Id} ({Node.Type})";
}

/// <summary>A connection with its endpoints resolved.</summary>
internal sealed record CompiledConnection(Connection Connection, CompiledNode Source, CompiledNode Target)
{
    /// <summary>True when the connection closes a loop (its target is an ancestor of its source).</summary>
    public bool IsBackEdge { get; set; }

    /// <summary>True for a back edge whose target does not lie on every path to its source: following it faults.</summary>
    public bool IsInvalidBackEdge { get; set; }

    public string Port => Connection.Source.Port ?? "Done";
}
