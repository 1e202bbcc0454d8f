using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Agent.Server.Auth;

/// <summary>
/// Answers a request without valid credentials with a 401 problem that says how to authenticate, instead of the bare
/// 401 the authentication schemes send. Forbidden and allowed requests take the default path.
/// </summary>
public sealed class ProblemChallengeHandler(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    /// <inheritdoc />
    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Challenged)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }
        var hadCredentials = context.Request.Headers.Authorization.Count > 0 || context.Request.Headers.ContainsKey("X-Api-Key");
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer, ApiKey";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Unauthorized",
                Detail = (hadCredentials ? "The token or API key is not valid (expired, signed with another key, or not configured). " : "No credentials were sent. ")
                    + "Send 'Authorization: Bearer <accessToken>' with a token from POST /elsa/api/identity/login, or 'Authorization: ApiKey <key>' with a key from Auth:ApiKeys.",
            },
        });
    }
}
