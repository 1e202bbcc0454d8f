using System.Text.Json.Nodes;
using Agent.Workflows.Versioning;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Agent.Server.Api;

/// <summary>
/// Elsa 3's activity-graph endpoints of a definition version. The Studio asks for them to open an activity that lies
/// inside a container (a loop's body, an If's branch): the instance viewer when a journal entry of such an activity is
/// clicked, and the designer when it navigates to a node it has not loaded.
/// </summary>
public static class WorkflowGraphEndpoints
{
    /// <summary>Maps the endpoints onto the API group.</summary>
    public static RouteGroupBuilder MapWorkflowGraphEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/workflow-definitions/subgraph/{id}", SubgraphAsync);
        api.MapGet("/workflow-definitions/subgraph/segments/{id}", SegmentsAsync);
        return api;
    }

    // The node named by parentNodeId (the root when none is given or none has that id), with its whole subtree.
    private static async Task<Results<Ok<NodeResponse>, ProblemHttpResult>> SubgraphAsync(
        string id, HttpRequest request, WorkflowDefinitionService definitions, CancellationToken ct)
    {
        if (await LoadAsync(id, definitions, ct) is not { } nodes) return VersionNotFound(id);
        var parentNodeId = request.Query["parentNodeId"].ToString();
        var node = nodes.FirstOrDefault(n => n.NodeId == parentNodeId) ?? nodes[0];
        return TypedResults.Ok(Node(node));
    }

    // Where an activity lies: the containers to open, outermost first, each with the port the path goes through.
    // Flowcharts are not segments: the designer shows them as the canvas the path arrives on.
    private static async Task<Results<Ok<SegmentsResponse>, ProblemHttpResult>> SegmentsAsync(
        string id, HttpRequest request, WorkflowDefinitionService definitions, CancellationToken ct)
    {
        if (await LoadAsync(id, definitions, ct) is not { } nodes) return VersionNotFound(id);
        var childNodeId = request.Query["childNodeId"].ToString();
        if (nodes.FirstOrDefault(n => n.NodeId == childNodeId) is not { } child)
            return ApiProblems.BadRequest($"Definition version '{id}' has no activity with node id '{childNodeId}'; node ids are listed in the definition's 'nodeId' fields.");
        var segments = new List<PathSegment>();
        var previous = child;
        for (var current = child.Parent; current is not null; previous = current, current = current.Parent)
        {
            if (current.Type is "Elsa.Flowchart" or "Elsa.Workflow") continue;
            segments.Insert(0, new PathSegment(current.NodeId, current.Id, current.Type, previous.Port ?? "", Name(current)));
        }
        var container = segments.Count == 0 ? nodes[0] : nodes.First(n => n.NodeId == segments[^1].ActivityNodeId);
        return TypedResults.Ok(new SegmentsResponse(Node(child), Node(container), segments));
    }

    private static ProblemHttpResult VersionNotFound(string versionId) =>
        ApiProblems.NotFound($"No definition version has id '{versionId}'; GET /elsa/api/workflow-definitions/{{definitionId}}/versions lists a definition's versions.");

    // Every activity of the version, root first, with node ids filled in; null when there is no such version.
    private static async Task<List<TreeNode>?> LoadAsync(string versionId, WorkflowDefinitionService definitions, CancellationToken ct)
    {
        if (await definitions.FindByVersionIdAsync(versionId, ct) is not { } definition) return null;
        var root = ActivityNodeIds.RootJson(definition);
        ActivityNodeIds.Fill(root, null);
        return ActivityTree.Walk(root).ToList();
    }

    private static NodeResponse Node(TreeNode node) => new(node.NodeId, node.Port, node.Activity);

    private static string Name(TreeNode node) =>
        node.Activity["name"] is JsonValue v && v.TryGetValue<string>(out var name) && name.Length > 0 ? name : node.Type;

    /// <summary>Elsa's <c>ActivityNode</c> as its graph endpoints write it: the node id, the port it hangs off, the activity.</summary>
    public sealed record NodeResponse(string NodeId, string? Port, JsonObject Activity);

    /// <summary>Elsa's <c>ActivityPathSegment</c>.</summary>
    public sealed record PathSegment(string ActivityNodeId, string ActivityId, string ActivityType, string PortName, string ActivityName);

    /// <summary>Elsa's <c>GetPathSegmentsResponse</c>.</summary>
    public sealed record SegmentsResponse(NodeResponse ChildNode, NodeResponse Container, IReadOnlyList<PathSegment> PathSegments);
}
