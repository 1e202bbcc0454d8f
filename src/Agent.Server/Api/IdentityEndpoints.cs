using Agent.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Agent.Server.Api;

/// <summary>Elsa 3's <c>POST /identity/login</c>: a user name and password in, a signed access token out.</summary>
public static class IdentityEndpoints
{
    /// <summary>Maps the endpoint; it is the one API endpoint that needs no token.</summary>
    public static RouteGroupBuilder MapIdentityEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/identity/login", LoginAsync).AllowAnonymous().RequireRateLimiting(AgentAuthentication.LoginRateLimit);
        return api;
    }

    private static async Task<Results<Ok<LoginResponse>, ProblemHttpResult>> LoginAsync(
        HttpRequest request, CredentialChecker credentials, TokenIssuer tokens, CancellationToken ct)
    {
        var body = await ApiRequestBody.ReadRequiredAsync<LoginRequest>(request, ct);
        if (string.IsNullOrWhiteSpace(body.Username) || string.IsNullOrEmpty(body.Password))
            return ApiProblems.BadRequest("Send {\"username\": \"…\", \"password\": \"…\"}.");
        var user = credentials.Check(body.Username, body.Password);
        if (user is null)
            return TypedResults.Problem("The user name or password is wrong.", statusCode: StatusCodes.Status401Unauthorized, title: "Login failed");
        return TypedResults.Ok(new LoginResponse(true, tokens.Issue(user.Name), null, user.Name));
    }

    /// <summary>Elsa's <c>LoginRequest</c>.</summary>
    public sealed record LoginRequest(string? Username, string? Password);

    /// <summary>Elsa's <c>LoginResponse</c>, plus the user's name for our header.</summary>
    public sealed record LoginResponse(bool IsAuthenticated, string? AccessToken, string? RefreshToken, string Name);
}
