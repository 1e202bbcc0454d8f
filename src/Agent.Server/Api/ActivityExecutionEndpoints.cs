using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;
using Agent.Workflows.Versioning;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Agent.Server.Api;

/// <summary>
/// Elsa 3's <c>/activity-executions</c> endpoints the instance viewer uses to colour the designer and show an
/// activity's executions; built from our journal (one entry per activity execution).
/// </summary>
public static class ActivityExecutionEndpoints
{
    /// <summary>Maps the endpoints onto the API group.</summary>
    public static RouteGroupBuilder MapActivityExecutionEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/activity-executions/report", ReportAsync);
        api.MapGet("/activity-executions/list", async (HttpRequest request, IWorkflowInstanceStore store, WorkflowDefinitionService definitions, CancellationToken ct) =>
            List(await LoadAsync(request, store, definitions, ct)));
        api.MapGet("/activity-execution-summaries/list", async (HttpRequest request, IWorkflowInstanceStore store, WorkflowDefinitionService definitions, CancellationToken ct) =>
            List(await LoadAsync(request, store, definitions, ct)));
        api.MapGet("/activity-executions/by-id", ByIdAsync);
        return api;
    }

    private static async Task<Ok<object>> ReportAsync(HttpRequest request, IWorkflowInstanceStore store, WorkflowDefinitionService definitions, CancellationToken ct)
    {
        var body = await ApiRequestBody.ReadRequiredAsync<ReportRequest>(request, ct);
        if (string.IsNullOrWhiteSpace(body.WorkflowInstanceId)) throw new ApiBadRequestException("Give 'workflowInstanceId'.");
        var instance = await WorkflowInstanceEndpoints.RequireAsync(store, body.WorkflowInstanceId, ct);
        var nodes = new ActivityNodeIds(await definitions.FindByVersionIdAsync(instance.DefinitionVersionId, ct));
        var journal = await store.GetJournalAsync(instance.Id, ct);
        var waiting = instance.State.Bookmarks.Select(b => b.ActivityId).ToHashSet(StringComparer.Ordinal);
        var stats = new List<object>();
        foreach (var nodeId in body.ActivityNodeIds ?? [])
        {
            var activityId = nodes.ActivityId(nodeId);
            var entries = journal.Where(e => e.ActivityId == activityId).ToList();
            if (entries.Count == 0 && !waiting.Contains(activityId)) continue;
            var completed = entries.Count(e => e.Status == JournalStatus.Completed);
            stats.Add(new
            {
                activityId, activityNodeId = nodeId, startedCount = (long)entries.Count, completedCount = (long)completed,
                uncompletedCount = (long)(entries.Count - completed), isBlocked = waiting.Contains(activityId),
                isFaulted = entries.Any(e => e.Status == JournalStatus.Faulted), metadata = new Dictionary<string, object>(),
            });
        }
        return TypedResults.Ok<object>(new { stats });
    }

    private static Ok<object> List(IReadOnlyList<object> items) => TypedResults.Ok<object>(new { items, count = items.Count });

    private static async Task<IReadOnlyList<object>> LoadAsync(HttpRequest request, IWorkflowInstanceStore store, WorkflowDefinitionService definitions, CancellationToken ct)
    {
        var instanceId = request.Query["workflowInstanceId"].ToString();
        if (string.IsNullOrWhiteSpace(instanceId)) throw new ApiBadRequestException("Give the query parameter 'workflowInstanceId'.");
        var instance = await WorkflowInstanceEndpoints.RequireAsync(store, instanceId, ct);
        var nodes = new ActivityNodeIds(await definitions.FindByVersionIdAsync(instance.DefinitionVersionId, ct));
        var nodeId = request.Query["activityNodeId"].ToString();
        var waiting = instance.State.Bookmarks.Select(b => b.ActivityId).ToHashSet(StringComparer.Ordinal);
        return (await store.GetJournalAsync(instanceId, ct))
            .Where(e => nodeId.Length == 0 || nodes.NodeId(e.ActivityId) == nodeId)
            .Select(e => ElsaInstanceJson.ActivityExecution(e, nodes.NodeId(e.ActivityId), e.Status == JournalStatus.Suspended && waiting.Contains(e.ActivityId)))
            .ToList();
    }

    private static async Task<Results<Ok<object>, ProblemHttpResult>> ByIdAsync(HttpRequest request, IWorkflowInstanceStore store, WorkflowDefinitionService definitions, CancellationToken ct)
    {
        var id = request.Query["id"].ToString();
        var dash = id.LastIndexOf('-');
        if (dash <= 0 || !long.TryParse(id[(dash + 1)..], out var sequence))
            return ApiProblems.NotFound($"No activity execution has id '{id}'.");
        var instance = await store.FindAsync(id[..dash], ct);
        var entry = instance is null ? null : (await store.GetJournalAsync(instance.Id, ct)).FirstOrDefault(e => e.Sequence == sequence);
        if (entry is null) return ApiProblems.NotFound($"No activity execution has id '{id}'.");
        var nodes = new ActivityNodeIds(await definitions.FindByVersionIdAsync(instance!.DefinitionVersionId, ct));
        return TypedResults.Ok(ElsaInstanceJson.ActivityExecution(entry, nodes.NodeId(entry.ActivityId), entry.Status == JournalStatus.Suspended));
    }

    /// <summary>Elsa's <c>GetActivityExecutionReportRequest</c>.</summary>
    public sealed record ReportRequest(string? WorkflowInstanceId, List<string>? ActivityNodeIds);
}
