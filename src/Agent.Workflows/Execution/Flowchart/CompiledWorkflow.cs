using System.Collections;
using Agent.Workflows.Activities;
using Agent.Workflows.Descriptors;
using Agent.Workflows.Model;

namespace Agent.Workflows.Execution.Flowchart;

/// <summary>
/// A definition version prepared for execution: activities bound to their inputs, connections indexed
/// by port, back edges (loops) marked, and forward reachability precomputed for join decisions.
/// Immutable and shared by every instance of the version.
/// </summary>
public sealed class CompiledWorkflow
{
    private readonly Dictionary<string, CompiledNode> _byId;

    internal CompiledWorkflow(WorkflowDefinition definition, CompiledNode[] nodes, CompiledNode start)
    {
        Definition = definition;
        Nodes = nodes;
        Start = start;
        _byId = nodes.ToDictionary(n => n.Node.Id, StringComparer.Ordinal);
        NamesToIds = nodes.Where(n => !string.IsNullOrEmpty(n.Node.Name))
            .GroupBy(n => n.Node.Name!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Node.Id, StringComparer.Ordinal);
    }

    /// <summary>The definition version this was compiled from.</summary>
    public WorkflowDefinition Definition { get; }

    internal CompiledNode[] Nodes { get; }
    internal CompiledNode Start { get; }
    internal IReadOnlyDictionary<string, string> NamesToIds { get; }

    internal CompiledNode this[string activityId] =>
        _byId.TryGetValue(activityId, out var n) ? n
            : throw new InvalidOperationException($"Activity '{activityId}' is not in definition '{Definition.DefinitionId}' v{Definition.Version}; the stored instance does not match its definition.");

    internal bool TryGet(string activityId, out CompiledNode node) => _byId.TryGetValue(activityId, out node!);
}

/// <summary>One activity of a compiled flowchart.</summary>
internal sealed class CompiledNode
{
    public required int Index { get; init; }
    public required ActivityNode Node { get; init; }
    /// <summary>JSON path of the node in the definition, for error messages.</summary>
    public required string Path { get; init; }
    public required ActivityType Type { get; init; }
    public required IActivity Activity { get; init; }
    public required RetryPolicy? Retry { get; init; }
    public List<CompiledConnection> Inbound { get; } = [];
    public List<CompiledConnection> Outbound { get; } = [];
    /// <summary>Inbound connections that are not loop back edges; only these are joined.</summary>
    public List<CompiledConnection> ForwardInbound { get; } = [];
    /// <summary>Nodes reachable from this one along forward edges (this one included).</summary>
    public BitArray Reaches { get; set; } = new(0);
    public MergeMode MergeMode { get; set; } = MergeMode.Stream;

    public override string ToString() => $"{Node.Id} ({Node.Type})";
}

/// <summary>A connection with its endpoints resolved.</summary>
internal sealed record CompiledConnection(Connection Connection, CompiledNode Source, CompiledNode Target)
{
    /// <summary>True when the connection closes a loop (its target is an ancestor of its source).</summary>
    public bool IsBackEdge { get; set; }

    public string Port => Connection.Source.Port ?? "Done";
}
