using System.Text.Json;
using System.Text.Json.Nodes;
using Agent.Workflows.Model;

namespace Agent.Server.Api;

/// <summary>
/// Maps activity ids (what our journal records) to the node ids the Studio addresses activities by, and back, for
/// every activity of a definition: those of nested flowcharts and sequences and those embedded in ports (a loop's
/// body, an If's branches, a switch's cases). A node without a node id gets Elsa's: its parent's node id, a colon, its
/// id (the root: its id), because the Studio keys its activity lookups by node id and fails on a missing one.
/// </summary>
public sealed class ActivityNodeIds
{
    private readonly Dictionary<string, string> _nodeIdById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _idByNodeId = new(StringComparer.Ordinal);

    /// <summary>Builds the map for every activity of <paramref name="definition"/>.</summary>
    public ActivityNodeIds(WorkflowDefinition? definition)
    {
        if (definition is null) return;
        foreach (var node in ActivityTree.Walk(RootJson(definition)))
        {
            _nodeIdById.TryAdd(node.Id, node.NodeId);
            _idByNodeId.TryAdd(node.NodeId, node.Id);
        }
    }

    /// <summary>The root activity of <paramref name="definition"/> as JSON, as the API serves it.</summary>
    public static JsonObject RootJson(WorkflowDefinition definition) =>
        JsonSerializer.SerializeToNode(definition.Root, WorkflowJson.Options)!.AsObject();

    /// <summary>The node id of activity <paramref name="id"/>: <paramref name="nodeId"/> when set, else one derived from <paramref name="parentNodeId"/>.</summary>
    public static string Of(string id, string? nodeId, string? parentNodeId) =>
        !string.IsNullOrEmpty(nodeId) ? nodeId : parentNodeId is null ? id : $"{parentNodeId}:{id}";

    /// <summary>Fills in missing node ids in a definition's JSON <c>root</c>, nested and embedded activities included.</summary>
    public static void Fill(JsonObject root, string? parentNodeId)
    {
        foreach (var node in ActivityTree.Walk(root, parentNodeId).ToList()) node.Activity["nodeId"] = node.NodeId;
    }

    /// <summary>The node id of an activity.</summary>
    public string NodeId(string activityId) => _nodeIdById.GetValueOrDefault(activityId, activityId);

    /// <summary>The activity id of a node.</summary>
    public string ActivityId(string nodeId) => _idByNodeId.GetValueOrDefault(nodeId, nodeId);
}
