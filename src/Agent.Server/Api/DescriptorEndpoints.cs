using Agent.Workflows.Descriptors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Agent.Server.Api;

/// <summary>The <c>/descriptors</c>, <c>/features</c> and <c>/package</c> endpoints the Studio loads before drawing anything.</summary>
public static class DescriptorEndpoints
{
    /// <summary>Maps the endpoints onto the API group.</summary>
    public static RouteGroupBuilder MapDescriptorEndpoints(this RouteGroupBuilder api)
    {
        var d = api.MapGroup("/descriptors");
        d.MapGet("/activities", (ElsaDescriptorCatalog catalog) =>
        {
            var items = catalog.Activities;
            return TypedResults.Ok(new { items, count = items.Count });
        });
        d.MapPost("/activities/{activityTypeName}/options/{propertyName}", Options);
        d.MapGet("/expression-descriptors", () => List(ElsaDescriptorCatalog.ExpressionDescriptors));
        d.MapGet("/variables", () => TypedResults.Ok(new { items = ElsaDescriptorCatalog.VariableTypes }));
        d.MapGet("/storage-drivers", () => TypedResults.Ok(new { items = ElsaDescriptorCatalog.StorageDrivers }));
        d.MapGet("/workflow-activation-strategies", () => List(ElsaDescriptorCatalog.ActivationStrategies));
        d.MapGet("/log-persistence-strategies", () => List(ElsaDescriptorCatalog.LogPersistenceStrategies));
        d.MapGet("/incident-strategies", () => List(ElsaDescriptorCatalog.IncidentStrategies));
        d.MapGet("/commit-strategies/workflows", () => List(ElsaDescriptorCatalog.CommitStrategies));
        d.MapGet("/commit-strategies/activities", () => List(ElsaDescriptorCatalog.CommitStrategies));
        d.MapGet("/resilience-strategies/{category}", (string category) => List([]));
        api.MapGet("/features/installed", () => List(ElsaDescriptorCatalog.Features));
        api.MapGet("/package/version", () => TypedResults.Ok(new { packageVersion = typeof(DescriptorEndpoints).Assembly.GetName().Version?.ToString(3) ?? "1.0.0" }));
        return api;
    }

    private static Ok<ListResponse> List(IReadOnlyList<object> items) => TypedResults.Ok(new ListResponse(items, items.Count));

    // Options of an input whose choices depend on context. Our inputs list fixed options in their descriptor, so the
    // answer is those (or none); an unknown activity or input is a 404.
    private static Results<Ok<OptionsResponse>, ProblemHttpResult> Options(string activityTypeName, string propertyName, ActivityRegistry registry)
    {
        if (!registry.TryGet(activityTypeName, out var type))
            return ApiProblems.NotFound($"Activity type '{activityTypeName}' is not registered; GET /elsa/api/descriptors/activities lists those that are.");
        var input = type.Inputs.FirstOrDefault(i => string.Equals(i.Name, propertyName, StringComparison.OrdinalIgnoreCase));
        if (input is null)
            return ApiProblems.NotFound($"Activity type '{activityTypeName}' has no input '{propertyName}'.");
        var items = new Dictionary<string, object>();
        if (input.Options is string[] values) items["items"] = values.Select(v => new { text = v, value = v }).ToList();
        return TypedResults.Ok(new OptionsResponse(items));
    }

    /// <summary>Elsa's <c>ListResponse</c>: items and their count.</summary>
    public sealed record ListResponse(IReadOnlyList<object> Items, long Count);

    /// <summary>Elsa's <c>GetActivityDescriptorOptionsResponse</c>.</summary>
    public sealed record OptionsResponse(IDictionary<string, object> Items);
}
