using Agent.Workflows.Model;

namespace Agent.Server.Api;

/// <summary>
/// Maps activity ids (what our journal records) to the node ids the Studio addresses activities by, and back.
/// A node without a node id is addressed by its activity id.
/// </summary>
public sealed class ActivityNodeIds
{
    private readonly Dictionary<string, string> _nodeIdById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _idByNodeId = new(StringComparer.Ordinal);

    /// <summary>Builds the map for every activity of <paramref name="definition"/>, nested flowcharts included.</summary>
    public ActivityNodeIds(WorkflowDefinition? definition)
    {
        if (definition is not null) Add(definition.Root);
    }

    /// <summary>The node id of an activity.</summary>
    public string NodeId(string activityId) => _nodeIdById.GetValueOrDefault(activityId, activityId);

    /// <summary>The activity id of a node.</summary>
    public string ActivityId(string nodeId) => _idByNodeId.GetValueOrDefault(nodeId, nodeId);

    private void Add(ActivityNode node)
    {
        var nodeId = string.IsNullOrEmpty(node.NodeId) ? node.Id : node.NodeId;
        _nodeIdById.TryAdd(node.Id, nodeId);
        _idByNodeId.TryAdd(nodeId, node.Id);
        foreach (var child in node.Activities ?? []) Add(child);
    }
}
