using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Agent.Workflows.Model;
using Agent.Workflows.Persistence;
using Agent.Workflows.Versioning;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Agent.Server.Api;

/// <summary>Elsa 3's <c>/workflow-definitions</c> endpoints over <see cref="WorkflowDefinitionService"/>.</summary>
public static class WorkflowDefinitionEndpoints
{
    /// <summary>Maps the endpoints onto the API group.</summary>
    public static RouteGroupBuilder MapWorkflowDefinitionEndpoints(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/workflow-definitions");
        g.MapGet("/", ListAsync);
        g.MapGet("/by-definition-id/{definitionId}", GetByDefinitionIdAsync);
        g.MapGet("/by-id/{id}", GetByIdAsync);
        g.MapGet("/many-by-id", GetManyByIdAsync);
        g.MapGet("/query/count", async (WorkflowDefinitionService s, CancellationToken ct) =>
            TypedResults.Ok(new { count = (await s.ListAsync(new DefinitionQuery(Take: 0), ct)).TotalCount }));
        g.MapGet("/validation/is-name-unique", IsNameUniqueAsync);
        g.MapPost("/", SaveAsync);
        g.MapDelete("/{definitionId}", DeleteAsync);
        g.MapPost("/{definitionId}/publish", PublishAsync);
        g.MapPost("/{definitionId}/retract", async (string definitionId, WorkflowDefinitionService s, CancellationToken ct) =>
            TypedResults.Ok(ElsaDefinitionJson.ToApi(await s.RetractAsync(definitionId, ct))));
        g.MapGet("/{definitionId}/versions", async (string definitionId, WorkflowDefinitionService s, CancellationToken ct) =>
            TypedResults.Ok(new { items = (await s.ListVersionsAsync(definitionId, ct)).Select(v => ElsaDefinitionJson.ToSummary(v)).ToList() }));
        g.MapPost("/{definitionId}/revert/{version:int}", async (string definitionId, int version, WorkflowDefinitionService s, CancellationToken ct) =>
            TypedResults.Ok(Summary(await s.RevertAsync(definitionId, version, ct))));
        g.MapGet("/{definitionId}/export", ExportAsync);
        g.MapPost("/import", ImportAsync);
        g.MapGet("/{definitionId}/diff", DiffAsync);
        api.MapDelete("/workflow-definition-versions/{id}", DeleteVersionAsync);
        api.MapWorkflowDefinitionBulkEndpoints();
        return api;
    }

    private static async Task<Ok<PagedResponse>> ListAsync(HttpRequest request, WorkflowDefinitionService service, CancellationToken ct)
    {
        var q = request.Query;
        var options = ElsaVersionOptions.Parse(q["versionOptions"], VersionOptions.Latest);
        var page = ApiQuery.Int(q, "page", 0, min: 0);
        var pageSize = ApiQuery.Int(q, "pageSize", 50, min: 1, max: 1000);
        var ids = q["definitionIds"].Concat(q["definitionId"]).Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!).Distinct().ToList();
        var versionIds = q["ids"].Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!).Distinct().ToList();
        if (versionIds.Count > 0)
        {
            // The instance list asks for the versions its instances run on, by version id.
            var versions = new List<object>();
            foreach (var versionId in versionIds)
                if (await service.FindByVersionIdAsync(versionId, ct) is { } found) versions.Add(Summary(found));
            return TypedResults.Ok(new PagedResponse(versions.Skip(page * pageSize).Take(pageSize).ToList(), versions.Count, ElsaDefinitionJson.ListLinks));
        }
        if (ids.Count == 0 && !options.AllVersions)
        {
            var found = await service.ListAsync(new DefinitionQuery(q["searchTerm"], page * pageSize, pageSize), ct);
            return TypedResults.Ok(new PagedResponse(found.Items.Select(s => ElsaDefinitionJson.ToSummary(s)).ToList(), found.TotalCount, ElsaDefinitionJson.ListLinks));
        }
        var summaries = new List<object>();
        foreach (var id in ids)
        {
            if (options.AllVersions)
            {
                var versions = await TryListVersionsAsync(service, id, ct);
                summaries.AddRange(versions.OrderByDescending(v => v.Version).Select(v => ElsaDefinitionJson.ToSummary(v)));
            }
            else if (await TryGetAsync(service, id, options.Single!.Value, ct) is { } one && (!options.DraftOnly || !one.IsPublished))
                summaries.Add(Summary(one));
        }
        return TypedResults.Ok(new PagedResponse(summaries.Skip(page * pageSize).Take(pageSize).ToList(), summaries.Count, ElsaDefinitionJson.ListLinks));
    }

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> GetByDefinitionIdAsync(
        string definitionId, HttpRequest request, WorkflowDefinitionService service, CancellationToken ct)
    {
        var options = ElsaVersionOptions.Parse(request.Query["versionOptions"], VersionOptions.Latest);
        if (options.Single is not { } single)
            return ApiProblems.BadRequest("versionOptions must select one version here (Latest, Published, LatestOrPublished or a number).");
        try
        {
            return TypedResults.Ok(ElsaDefinitionJson.ToApi(await service.GetAsync(definitionId, single, ct)));
        }
        catch (WorkflowDefinitionStateException e)
        {
            return ApiProblems.NotFound(e.Message);
        }
    }

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> GetByIdAsync(string id, WorkflowDefinitionService service, CancellationToken ct) =>
        await service.FindByVersionIdAsync(id, ct) is { } found
            ? TypedResults.Ok(ElsaDefinitionJson.ToApi(found))
            : ApiProblems.NotFound($"No workflow definition version has id '{id}'.");

    private static async Task<Ok<object>> GetManyByIdAsync(HttpRequest request, WorkflowDefinitionService service, CancellationToken ct)
    {
        var items = new List<JsonObject>();
        foreach (var id in request.Query["ids"].Where(s => !string.IsNullOrEmpty(s)))
            if (await service.FindByVersionIdAsync(id!, ct) is { } found) items.Add(ElsaDefinitionJson.ToApi(found));
        return TypedResults.Ok<object>(new { items, count = items.Count });
    }

    private static async Task<Ok<object>> IsNameUniqueAsync(HttpRequest request, WorkflowDefinitionService service, CancellationToken ct)
    {
        var name = request.Query["name"].ToString();
        var definitionId = request.Query["definitionId"].ToString();
        var matches = await service.ListAsync(new DefinitionQuery(name, 0, 1000), ct);
        var taken = matches.Items.Any(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase) && s.DefinitionId != definitionId);
        return TypedResults.Ok<object>(new { isUnique = !taken });
    }

    private static async Task<Results<Ok<SaveResponse>, ProblemHttpResult>> SaveAsync(HttpRequest request, WorkflowDefinitionService service, CancellationToken ct)
    {
        var body = await ApiRequestBody.ReadRequiredAsync<SaveRequest>(request, ct);
        if (body.Model is null) return ApiProblems.BadRequest("The request has no 'model'; send {\"model\": <workflow definition>, \"publish\": false}.");
        ElsaDefinitionJson.PrepareForStore(body.Model);
        var saved = await service.SaveDraftAsync(body.Model, ct);
        if (body.Publish == true) saved = await service.PublishAsync(saved.DefinitionId, ct);
        return TypedResults.Ok(new SaveResponse(ElsaDefinitionJson.ToApi(saved), false, 0));
    }

    private static async Task<Results<Ok<SaveResponse>, ProblemHttpResult>> PublishAsync(
        string definitionId, HttpRequest request, WorkflowDefinitionService service, CancellationToken ct)
    {
        var body = await ApiRequestBody.ReadAsync<PublishRequest>(request, ct);
        var latest = await service.GetAsync(definitionId, VersionOptions.Latest, ct);
        if (body?.Version is { } expected && expected != latest.Version)
            return ApiProblems.Conflict(
                $"Version {expected} of '{definitionId}' is not the latest (version {latest.Version} is); reload the definition and publish again.");
        var alreadyPublished = latest.IsPublished;
        var published = await service.PublishAsync(definitionId, ct);
        return TypedResults.Ok(new SaveResponse(ElsaDefinitionJson.ToApi(published), alreadyPublished, 0));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string definitionId, WorkflowDefinitionService service, CancellationToken ct) =>
        await service.DeleteAsync(definitionId, ct) > 0 ? TypedResults.NoContent() : ApiProblems.NotFound($"Workflow definition '{definitionId}' does not exist.");

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteVersionAsync(string id, WorkflowDefinitionService service, CancellationToken ct)
    {
        var version = await service.FindByVersionIdAsync(id, ct);
        if (version is null) return ApiProblems.NotFound($"No workflow definition version has id '{id}'.");
        if (!version.IsLatest || version.IsPublished)
            return ApiProblems.Conflict($"Version {version.Version} of '{version.DefinitionId}' is not the latest draft; only the latest draft can be deleted (history stays).");
        await service.DeleteDraftAsync(version.DefinitionId, ct);
        return TypedResults.NoContent();
    }

    private static async Task<FileContentHttpResult> ExportAsync(string definitionId, HttpRequest request, WorkflowDefinitionService service, CancellationToken ct)
    {
        var options = ElsaVersionOptions.Parse(request.Query["versionOptions"], VersionOptions.Latest);
        using var stream = new MemoryStream();
        await service.ExportAsync(definitionId, stream, options.Single ?? VersionOptions.Latest, ct);
        return TypedResults.File(stream.ToArray(), "application/json", $"{definitionId}.json");
    }

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> ImportAsync(HttpRequest request, WorkflowDefinitionService service, CancellationToken ct)
    {
        var model = await ApiRequestBody.ReadRequiredAsync<WorkflowDefinition>(request, ct);
        ElsaDefinitionJson.PrepareForStore(model);
        if (!string.IsNullOrWhiteSpace(model.DefinitionId) && await TryListVersionsAsync(service, model.DefinitionId, ct) is { Count: > 0 })
            return TypedResults.Ok(ElsaDefinitionJson.ToApi(await service.SaveDraftAsync(model, ct)));
        if (string.IsNullOrWhiteSpace(model.DefinitionId)) model.DefinitionId = Guid.NewGuid().ToString("N");
        var result = await service.ImportAsync(JsonSerializer.Serialize(model, WorkflowJson.Options), ct);
        return TypedResults.Ok(ElsaDefinitionJson.ToApi(await service.GetVersionAsync(model.DefinitionId, result.Version ?? model.Version, ct)));
    }

    private static async Task<Results<Ok<DefinitionDiff>, ContentHttpResult, ProblemHttpResult>> DiffAsync(
        string definitionId, HttpRequest request, WorkflowDefinitionService service, CancellationToken ct)
    {
        var q = request.Query;
        if (!int.TryParse(q["from"], out var from) || !int.TryParse(q["to"], out var to))
            return ApiProblems.BadRequest("Give the two version numbers to compare as ?from=N&to=M.");
        var diff = DefinitionDiffer.Compare(await service.GetVersionAsync(definitionId, from, ct), await service.GetVersionAsync(definitionId, to, ct));
        if (string.Equals(q["format"], "text", StringComparison.OrdinalIgnoreCase))
            return TypedResults.Text(DiffTextFormatter.Format(diff), "text/plain", Encoding.UTF8);
        return TypedResults.Ok(diff);
    }

    private static object Summary(WorkflowDefinition d) =>
        ElsaDefinitionJson.ToSummary(new WorkflowDefinitionSummary(d.Id, d.DefinitionId, d.Version, d.Name, d.IsLatest, d.IsPublished, d.CreatedAt), d.Description);

    internal static async Task<IReadOnlyList<WorkflowDefinitionSummary>> TryListVersionsAsync(WorkflowDefinitionService service, string id, CancellationToken ct)
    {
        try { return await service.ListVersionsAsync(id, ct); }
        catch (WorkflowDefinitionNotFoundException) { return []; }
    }

    internal static async Task<WorkflowDefinition?> TryGetAsync(WorkflowDefinitionService service, string id, VersionOptions options, CancellationToken ct)
    {
        try { return await service.GetAsync(id, options, ct); }
        catch (WorkflowDefinitionException) { return null; }
    }

    /// <summary>Elsa's <c>PagedListResponse</c>.</summary>
    public sealed record PagedResponse(IReadOnlyList<object> Items, long TotalCount, IReadOnlyList<ElsaDefinitionJson.Link>? Links = null);

    /// <summary>Elsa's <c>SaveWorkflowDefinitionRequest</c>.</summary>
    public sealed record SaveRequest(WorkflowDefinition? Model, bool? Publish);

    /// <summary>Elsa's (empty) publish request, plus the version the caller believes is latest: a stale one is a 409.</summary>
    public sealed record PublishRequest(int? Version);

    /// <summary>Elsa's <c>SaveWorkflowDefinitionResponse</c>.</summary>
    public sealed record SaveResponse(JsonObject WorkflowDefinition, bool AlreadyPublished, int ConsumingWorkflowCount);
}
