using Agent.Workflows.Execution;
using Agent.Workflows.Persistence;
using Agent.Workflows.Validation;
using Agent.Workflows.Versioning;
using Microsoft.AspNetCore.Http.HttpResults;
using Agent.Workflows.Runtime;

namespace Agent.Server.Api;

/// <summary>RFC 7807 problem details for the API's errors, and the mapping from the engine's typed exceptions.</summary>
public static class ApiProblems
{
    /// <summary>400: the request is malformed or invalid.</summary>
    public static ProblemHttpResult BadRequest(string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad request", extensions: extensions);

    /// <summary>404: the thing asked for does not exist.</summary>
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    /// <summary>409: the request conflicts with the stored state (a stale version, a race).</summary>
    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict");

    /// <summary>
    /// The problem for an exception the engine raises for bad input or state, or null when the exception is not one
    /// of those (then it is a server error and propagates).
    /// </summary>
    public static ProblemHttpResult? From(Exception exception) => exception switch
    {
        WorkflowDefinitionNotFoundException or VersionNotFoundException or InstanceNotFoundException or BookmarkNotFoundException => NotFound(exception.Message),
        InvalidDefinitionException invalid => BadRequest(invalid.Message, new Dictionary<string, object?>
        {
            ["errors"] = invalid.Errors.Select(e => new { path = e.Path, message = e.Message }).ToList(),
        }),
        WorkflowDefinitionImportException => BadRequest(exception.Message),
        WorkflowDefinitionStateException or ConcurrencyConflictException => Conflict(exception.Message),
        _ => null,
    };
}
