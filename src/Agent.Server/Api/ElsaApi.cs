using System.Text.Json.Serialization;
using Agent.Server.Auth;
using Agent.Workflows.Execution;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Agent.Workflows.Runtime;

namespace Agent.Server.Api;

/// <summary>The Elsa 3 REST API subset under <see cref="BasePath"/> that Elsa Studio needs.</summary>
public static partial class ElsaApi
{
    /// <summary>Where the API lives; the Studio's <c>Backend:Url</c> points here.</summary>
    public const string BasePath = "/elsa/api";

    /// <summary>Adds the services behind the API.</summary>
    public static IServiceCollection AddElsaApi(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.TryAddSingleton<ElsaDescriptorCatalog>();
        services.TryAddSingleton<PendingBookmarks>();
        return services;
    }

    /// <summary>Maps every endpoint. All require <see cref="AgentAuthentication.ApiPolicy"/> except login.</summary>
    public static RouteGroupBuilder MapElsaApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(BasePath).RequireAuthorization(AgentAuthentication.ApiPolicy);
        api.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (ApiBadRequestException e)
            {
                return ApiProblems.BadRequest(e.Message);
            }
            catch (Exception e) when (ApiProblems.From(e) is { } problem)
            {
                return problem;
            }
        });
        api.MapIdentityEndpoints()
            .MapWorkflowDefinitionEndpoints()
            .MapExecutionEndpoints()
            .MapDescriptorEndpoints()
            .MapWorkflowInstanceEndpoints()
            .MapActivityExecutionEndpoints()
            .MapWorkflowGraphEndpoints();
        // Anything else under the base path is a route the Studio calls that this server does not implement: say so in
        // the log (that is how missing endpoints are found) and answer a 404 problem.
        api.MapFallback((HttpContext http, ILoggerFactory loggers) =>
        {
            LogUnknown(loggers.CreateLogger(typeof(ElsaApi)), http.Request.Method, http.Request.Path + http.Request.QueryString);
            return ApiProblems.NotFound($"{http.Request.Method} {http.Request.Path} is not part of this server's Elsa API subset.");
        });
        return api;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Elsa API endpoint not implemented: {Method} {Path}")]
    private static partial void LogUnknown(ILogger logger, string method, string path);
}
