using System.Text.Json.Nodes;
using Agent.Workflows.Model;

namespace Agent.Server.Api;

/// <summary>
/// Maps activity ids (what our journal records) to the node ids the Studio addresses activities by, and back.
/// A node without a node id gets Elsa's: its parent's node id, a colon, its id (the root: its id), because the
/// Studio keys its activity lookups by node id and fails on a missing one.
/// </summary>
public sealed class ActivityNodeIds
{
    private readonly Dictionary<string, string> _nodeIdById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _idByNodeId = new(StringComparer.Ordinal);

    /// <summary>Builds the map for every activity of <paramref name="definition"/>, nested flowcharts included.</summary>
    public ActivityNodeIds(WorkflowDefinition? definition)
    {
        if (definition is not null) Add(definition.Root, null);
    }

    /// <summary>The node id of activity <paramref name="id"/>: <paramref name="nodeId"/> when set, else one derived from <paramref name="parentNodeId"/>.</summary>
    public static string Of(string id, string? nodeId, string? parentNodeId) =>
        !string.IsNullOrEmpty(nodeId) ? nodeId : parentNodeId is null ? id : $"{parentNodeId}:{id}";

    /// <summary>Fills in missing node ids in a definition's JSON <c>root</c>, recursively.</summary>
    public static void Fill(JsonObject node, string? parentNodeId)
    {
        var id = node["id"]?.GetValue<string>() ?? "";
        var nodeId = Of(id, node["nodeId"] is JsonValue v && v.TryGetValue<string>(out var own) ? own : null, parentNodeId);
        node["nodeId"] = nodeId;
        if (node["activities"] is JsonArray children)
            foreach (var child in children.OfType<JsonObject>()) Fill(child, nodeId);
    }

    /// <summary>The node id of an activity.</summary>
    public string NodeId(string activityId) => _nodeIdById.GetValueOrDefault(activityId, activityId);

    /// <summary>The activity id of a node.</summary>
    public string ActivityId(string nodeId) => _idByNodeId.GetValueOrDefault(nodeId, nodeId);

    private void Add(ActivityNode node, string? parentNodeId)
    {
        var nodeId = Of(node.Id, node.NodeId, parentNodeId);
        _nodeIdById.TryAdd(node.Id, nodeId);
        _idByNodeId.TryAdd(nodeId, node.Id);
        foreach (var child in node.Activities ?? []) Add(child, nodeId);
    }
}
