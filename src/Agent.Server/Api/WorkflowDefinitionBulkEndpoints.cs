using Agent.Workflows.Persistence;
using Agent.Workflows.Versioning;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Agent.Server.Api;

/// <summary>Elsa 3's bulk actions on definitions (the list's multi-select menu): delete, publish, retract.</summary>
public static class WorkflowDefinitionBulkEndpoints
{
    /// <summary>Maps the endpoints onto the API group.</summary>
    public static RouteGroupBuilder MapWorkflowDefinitionBulkEndpoints(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/bulk-actions");
        g.MapPost("/delete/workflow-definitions/by-definition-id", DeleteAsync);
        g.MapPost("/publish/workflow-definitions/by-definition-ids", PublishAsync);
        g.MapPost("/retract/workflow-definitions/by-definition-ids", RetractAsync);
        return api;
    }

    private static async Task<Ok<object>> DeleteAsync(HttpRequest request, WorkflowDefinitionService service, CancellationToken ct)
    {
        var ids = await ReadIdsAsync(request, ct);
        var deleted = 0;
        foreach (var id in ids) deleted += await service.DeleteAsync(id, ct) > 0 ? 1 : 0;
        return TypedResults.Ok<object>(new { deleted });
    }

    private static async Task<Ok<object>> PublishAsync(HttpRequest request, WorkflowDefinitionService service, CancellationToken ct)
    {
        List<string> published = [], alreadyPublished = [], notFound = [], skipped = [];
        foreach (var id in await ReadIdsAsync(request, ct))
        {
            var latest = await WorkflowDefinitionEndpoints.TryGetAsync(service, id, VersionOptions.Latest, ct);
            if (latest is null) notFound.Add(id);
            else if (latest.IsPublished) alreadyPublished.Add(id);
            else
            {
                try { await service.PublishAsync(id, ct); published.Add(id); }
                catch (Exception e) when (ApiProblems.From(e) is not null) { skipped.Add(id); }
            }
        }
        return TypedResults.Ok<object>(new { published, alreadyPublished, notFound, skipped, updatedConsumers = Array.Empty<object>() });
    }

    private static async Task<Ok<object>> RetractAsync(HttpRequest request, WorkflowDefinitionService service, CancellationToken ct)
    {
        List<string> retracted = [], alreadyRetracted = [], notFound = [];
        foreach (var id in await ReadIdsAsync(request, ct))
        {
            try { await service.RetractAsync(id, ct); retracted.Add(id); }
            catch (WorkflowDefinitionNotFoundException) { notFound.Add(id); }
            catch (WorkflowDefinitionStateException) { alreadyRetracted.Add(id); }
        }
        return TypedResults.Ok<object>(new { retracted, alreadyRetracted, notFound, skipped = Array.Empty<string>() });
    }

    private static async Task<IReadOnlyList<string>> ReadIdsAsync(HttpRequest request, CancellationToken ct)
    {
        var body = await ApiRequestBody.ReadRequiredAsync<IdsRequest>(request, ct);
        var ids = body.DefinitionIds ?? body.Ids;
        return ids is { Count: > 0 } ? ids : throw new ApiBadRequestException("Send {\"definitionIds\": [\"…\"]} with at least one definition id.");
    }

    /// <summary>The bulk request bodies: Elsa names the list <c>definitionIds</c> (or <c>ids</c>).</summary>
    public sealed record IdsRequest(List<string>? DefinitionIds, List<string>? Ids);
}
