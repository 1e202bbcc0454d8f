using Agent.Workflows.Execution;
using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;
using Agent.Workflows.Versioning;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Agent.Server.Api;

/// <summary>Elsa 3's <c>/workflow-instances</c> endpoints: list, get, journal, cancel, delete.</summary>
public static class WorkflowInstanceEndpoints
{
    /// <summary>Maps the endpoints onto the API group.</summary>
    public static RouteGroupBuilder MapWorkflowInstanceEndpoints(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/workflow-instances");
        g.MapPost("/", ListAsync);
        g.MapGet("/", ListAsync);
        g.MapGet("/{id}", async (string id, IWorkflowInstanceStore store, WorkflowDefinitionService definitions, CancellationToken ct) =>
        {
            var instance = await RequireAsync(store, id, ct);
            var nodes = new ActivityNodeIds(await definitions.FindByVersionIdAsync(instance.DefinitionVersionId, ct));
            return TypedResults.Ok(ElsaInstanceJson.Instance(instance, nodes));
        });
        g.MapGet("/{id}/execution-state", async (string id, IWorkflowInstanceStore store, CancellationToken ct) =>
        {
            var instance = await RequireAsync(store, id, ct);
            var (status, subStatus) = ElsaInstanceJson.Status(instance.Status);
            return TypedResults.Ok(new { status, workflowSubStatus = subStatus, updatedAt = instance.UpdatedAt });
        });
        g.MapGet("/{id}/journal", JournalAsync);
        g.MapPost("/{id}/journal", JournalAsync);
        g.MapGet("/{id}/variables", async (string id, IWorkflowInstanceStore store, CancellationToken ct) =>
        {
            var items = (await RequireAsync(store, id, ct)).State.Variables.Select(v => new { id = v.Key, name = v.Key, value = v.Value }).ToList();
            return TypedResults.Ok(new { items, count = items.Count });
        });
        g.MapDelete("/{id}", async (string id, WorkflowRuntime runtime, CancellationToken ct) =>
        {
            await runtime.DeleteAsync(id, ct);
            return TypedResults.NoContent();
        });
        g.MapPost("/{id}/cancel", CancelAsync);
        api.MapPost("/cancel/workflow-instances/{id}", CancelAsync);
        api.MapPost("/bulk-actions/cancel/workflow-instances", async (HttpRequest request, WorkflowRuntime runtime, CancellationToken ct) =>
        {
            var ids = await ReadIdsAsync(request, ct);
            foreach (var id in ids) await runtime.CancelAsync(id, ct);
            return TypedResults.Ok(new { cancelled = ids.Count });
        });
        api.MapPost("/bulk-actions/delete/workflow-instances/by-id", async (HttpRequest request, WorkflowRuntime runtime, CancellationToken ct) =>
        {
            var ids = await ReadIdsAsync(request, ct);
            foreach (var id in ids) await runtime.DeleteAsync(id, ct);
            return TypedResults.Ok(new { deletedCount = ids.Count });
        });
        return api;
    }

    private static async Task<Ok<WorkflowDefinitionEndpoints.PagedResponse>> ListAsync(HttpRequest request, IWorkflowInstanceStore store, CancellationToken ct)
    {
        var body = HttpMethods.IsPost(request.Method) ? await ApiRequestBody.ReadAsync<ListRequest>(request, ct) : null;
        var q = request.Query;
        var page = body?.Page ?? ApiQuery.Int(q, "page", 0, min: 0);
        var pageSize = Math.Clamp(body?.PageSize ?? ApiQuery.Int(q, "pageSize", 50, min: 1, max: 1000), 1, 1000);
        var definitionId = body?.DefinitionId ?? (body?.DefinitionIds is [var single] ? single : q["definitionId"].FirstOrDefault());
        var wanted = Statuses(body);
        var query = new InstanceQuery(definitionId, wanted is [var one] ? one : null, page * pageSize, pageSize);
        if (wanted is null || wanted.Count == 1)
        {
            var items = await store.ListAsync(query, ct);
            var total = await store.CountAsync(query, ct);
            return TypedResults.Ok(new WorkflowDefinitionEndpoints.PagedResponse(items.Select(ElsaInstanceJson.Summary).ToList(), total));
        }
        // Several statuses: the store filters on one, so ask once per status and merge, newest first.
        var merged = new List<WorkflowInstance>();
        foreach (var status in wanted)
            merged.AddRange(await store.ListAsync(query with { Status = status, Skip = 0, Take = (page + 1) * pageSize }, ct));
        var count = 0;
        foreach (var status in wanted) count += await store.CountAsync(query with { Status = status }, ct);
        var pageItems = merged.OrderByDescending(i => i.CreatedAt).Skip(page * pageSize).Take(pageSize).Select(ElsaInstanceJson.Summary).ToList();
        return TypedResults.Ok(new WorkflowDefinitionEndpoints.PagedResponse(pageItems, count));
    }

    // Elsa filters on status and sub-status lists; our status is one value, so the filters intersect into a set of ours.
    private static List<WorkflowStatus>? Statuses(ListRequest? body)
    {
        if (body is null) return null;
        IEnumerable<WorkflowStatus>? set = null;
        foreach (var (names, match) in new (List<string>, Func<string, IReadOnlyList<WorkflowStatus>?>)[]
                 {
                     (Names(body.Status, body.Statuses), ElsaInstanceJson.MatchingStatus),
                     (Names(body.SubStatus, body.SubStatuses), ElsaInstanceJson.MatchingSubStatus),
                 })
        {
            if (names.Count == 0) continue;
            var matching = names.SelectMany(n => match(n)
                ?? throw new ApiBadRequestException($"'{n}' is not a workflow status or sub-status; statuses are Running and Finished, sub-statuses Executing, Suspended, Finished, Faulted and Cancelled.")).ToHashSet();
            set = set is null ? matching : set.Intersect(matching);
        }
        return set?.Distinct().ToList();
    }

    private static List<string> Names(string? one, List<string>? many) =>
        [.. (one is null ? [] : new[] { one }).Concat(many ?? []).Where(s => !string.IsNullOrWhiteSpace(s))];

    private static async Task<Ok<WorkflowDefinitionEndpoints.PagedResponse>> JournalAsync(
        string id, HttpRequest request, IWorkflowInstanceStore store, WorkflowDefinitionService definitions, CancellationToken ct)
    {
        var instance = await RequireAsync(store, id, ct);
        var filter = HttpMethods.IsPost(request.Method) ? (await ApiRequestBody.ReadAsync<JournalRequest>(request, ct))?.Filter : null;
        var skip = ApiQuery.Int(request.Query, "skip", 0, min: 0);
        var take = ApiQuery.Int(request.Query, "take", 100, min: 0, max: 10_000);
        var nodes = new ActivityNodeIds(await definitions.FindByVersionIdAsync(instance.DefinitionVersionId, ct));
        var records = (await store.GetJournalAsync(id, ct))
            .Where(e => filter?.ActivityIds is not { Count: > 0 } ids || ids.Contains(e.ActivityId))
            .Where(e => filter?.ActivityNodeIds is not { Count: > 0 } nodeIds || nodeIds.Contains(nodes.NodeId(e.ActivityId)))
            .Where(e => filter?.ExcludedActivityTypes is not { Count: > 0 } excluded || !excluded.Contains(e.ActivityType))
            .SelectMany(e => ElsaInstanceJson.LogRecords(e, nodes.NodeId(e.ActivityId)))
            .ToList();
        if (filter?.EventNames is { Count: > 0 } events)
            records = records.Where(r => events.Contains(r.EventName)).ToList();
        return TypedResults.Ok(new WorkflowDefinitionEndpoints.PagedResponse(records.Skip(skip).Take(take).Cast<object>().ToList(), records.Count));
    }

    private static async Task<Ok<object>> CancelAsync(string id, WorkflowRuntime runtime, CancellationToken ct)
    {
        var instance = await runtime.CancelAsync(id, ct);
        return TypedResults.Ok(ElsaInstanceJson.Instance(instance));
    }

    internal static async Task<WorkflowInstance> RequireAsync(IWorkflowInstanceStore store, string id, CancellationToken ct) =>
        await store.FindAsync(id, ct) ?? throw new InstanceNotFoundException($"Workflow instance '{id}' does not exist; list instances with POST /elsa/api/workflow-instances.");

    private static async Task<IReadOnlyList<string>> ReadIdsAsync(HttpRequest request, CancellationToken ct)
    {
        var body = await ApiRequestBody.ReadRequiredAsync<IdsRequest>(request, ct);
        return body.Ids is { Count: > 0 } ids ? ids : throw new ApiBadRequestException("Send {\"ids\": [\"…\"]} with at least one instance id.");
    }

    /// <summary>Elsa's <c>ListWorkflowInstancesRequest</c> (the fields this server filters on).</summary>
    public sealed record ListRequest(int? Page, int? PageSize, string? DefinitionId, List<string>? DefinitionIds,
        string? Status, List<string>? Statuses, string? SubStatus, List<string>? SubStatuses);

    /// <summary>Elsa's <c>GetFilteredJournalRequest</c>.</summary>
    public sealed record JournalRequest(JournalFilter? Filter);

    /// <summary>Elsa's <c>JournalFilter</c>.</summary>
    public sealed record JournalFilter(List<string>? ActivityIds, List<string>? ActivityNodeIds, List<string>? ExcludedActivityTypes, List<string>? EventNames);

    /// <summary>A bulk request body.</summary>
    public sealed record IdsRequest(List<string>? Ids);
}
