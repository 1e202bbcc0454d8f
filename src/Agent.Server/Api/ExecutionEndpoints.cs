using System.Text.Json;
using Agent.Workflows.Execution;
using Agent.Workflows.Expressions;
using Agent.Workflows.Persistence;
using Agent.Workflows.Versioning;
using Microsoft.AspNetCore.Http.HttpResults;
using Agent.Workflows.Runtime;

namespace Agent.Server.Api;

/// <summary>
/// Running workflows: Elsa 3's <c>execute</c> (runs until the instance finishes or suspends, as Elsa's does) and
/// <c>dispatch</c> (starts it in the background), plus resuming a bookmark and listing pending bookmarks (ours).
/// </summary>
public static class ExecutionEndpoints
{
    /// <summary>The response header that carries the new instance's id; the Studio reads it to open the instance.</summary>
    public const string InstanceIdHeader = "x-elsa-workflow-instance-id";

    /// <summary>Maps the endpoints onto the API group.</summary>
    public static RouteGroupBuilder MapExecutionEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/workflow-definitions/{definitionId}/execute", ExecuteAsync);
        api.MapPost("/workflow-definitions/{definitionId}/dispatch", DispatchAsync);
        api.MapGet("/bookmarks/pending", async (HttpRequest request, PendingBookmarks pending, CancellationToken ct) =>
        {
            var activityType = request.Query["activityType"].ToString();
            var items = await pending.ListAsync(activityType.Length == 0 ? null : activityType, ApiQuery.Int(request.Query, "take", 1000, 1, 10_000), ct);
            return TypedResults.Ok(new { items = items.Select(Pending).ToList(), count = items.Count });
        });
        api.MapPost("/bookmarks/{bookmarkId}/resume", ResumeAsync);
        return api;
    }

    private static async Task<Ok<object>> ExecuteAsync(
        string definitionId, HttpContext http, WorkflowDefinitionService definitions, WorkflowRuntime runtime, IHostApplicationLifetime lifetime, CancellationToken ct)
    {
        var (definition, options) = await PrepareAsync(definitionId, http.Request, definitions, ct);
        // A closed browser tab must not cut the run short: only stopping the server does (the instance resumes after a restart).
        var instance = await runtime.StartAsync(definition, options, lifetime.ApplicationStopping);
        http.Response.Headers[InstanceIdHeader] = instance.Id;
        return TypedResults.Ok<object>(new { workflowState = ElsaInstanceJson.State(instance) });
    }

    private static async Task<Ok<object>> DispatchAsync(
        string definitionId, HttpContext http, WorkflowDefinitionService definitions, WorkflowRuntime runtime,
        IHostApplicationLifetime lifetime, ILoggerFactory loggers, CancellationToken ct)
    {
        var (definition, options) = await PrepareAsync(definitionId, http.Request, definitions, ct);
        options = options with { InstanceId = Guid.NewGuid().ToString("N") };
        // Answered once the instance is stored, so the caller can look it up at once; the run goes on past this request
        // until it waits or ends. The server's stopping token ends it, and the instance resumes after a restart.
        var run = await runtime.DispatchAsync(definition, options, lifetime.ApplicationStopping);
        var logger = loggers.CreateLogger(typeof(ExecutionEndpoints));
        _ = run.ContinueWith(r => logger.LogError(r.Exception, "Dispatched instance {InstanceId} of {DefinitionId} failed to run", options.InstanceId, definitionId),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        http.Response.Headers[InstanceIdHeader] = options.InstanceId;
        return TypedResults.Ok<object>(new { workflowInstanceId = options.InstanceId });
    }

    private static async Task<Ok<object>> ResumeAsync(string bookmarkId, HttpRequest request, WorkflowRuntime runtime, CancellationToken ct)
    {
        var body = await ApiRequestBody.ReadAsync<RunRequest>(request, ct);
        var instance = await runtime.ResumeAsync(bookmarkId, Input(body?.Input), ct);
        return TypedResults.Ok(ElsaInstanceJson.Instance(instance));
    }

    private static async Task<(Agent.Workflows.Model.WorkflowDefinition, StartWorkflowOptions)> PrepareAsync(
        string definitionId, HttpRequest request, WorkflowDefinitionService definitions, CancellationToken ct)
    {
        var body = await ApiRequestBody.ReadAsync<RunRequest>(request, ct);
        var versionText = body?.VersionOptions is { ValueKind: JsonValueKind.String } v ? v.GetString()
            : body?.VersionOptions is { ValueKind: JsonValueKind.Number } n ? n.GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture)
            : request.Query["versionOptions"].ToString();
        var version = ElsaVersionOptions.Parse(versionText, VersionOptions.Published).Single
            ?? throw new ApiBadRequestException("versionOptions must select one version to run (Published, Latest or a number).");
        var definition = await definitions.GetAsync(definitionId, version, ct);
        return (definition, new StartWorkflowOptions { Input = Input(body?.Input), CorrelationId = body?.CorrelationId });
    }

    private static Dictionary<string, object?>? Input(JsonElement? input)
    {
        if (input is not { } element || element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) return null;
        if (element.ValueKind != JsonValueKind.Object) throw new ApiBadRequestException("'input' must be a JSON object of name/value pairs.");
        return ValueConverter.ToPlain(element) as Dictionary<string, object?>;
    }

    private static object Pending(PendingBookmark p) => new
    {
        bookmarkId = p.Bookmark.Id, name = p.Bookmark.Name, workflowInstanceId = p.InstanceId, definitionId = p.DefinitionId, version = p.Version,
        instanceName = p.InstanceName, activityId = p.Bookmark.ActivityId, activityType = p.ActivityType, activityName = p.ActivityName,
        correlationId = p.Bookmark.CorrelationId, payload = p.Bookmark.Payload, createdAt = p.Bookmark.CreatedAt, expiresAt = p.Bookmark.ExpiresAt,
    };

    /// <summary>Elsa's <c>ExecuteWorkflowDefinitionRequest</c> (also the resume body: only <c>input</c> is read there).</summary>
    public sealed record RunRequest(string? CorrelationId, JsonElement? VersionOptions, JsonElement? Input);
}
