using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Agent.Server.Auth;

/// <summary>Wires authentication (bearer token or API key) and the policy every API endpoint requires.</summary>
public static class AgentAuthentication
{
    /// <summary>The policy API endpoints, <c>/mcp</c> and the Studio API require.</summary>
    public const string ApiPolicy = "Agent.Api";

    /// <summary>The rate limit of the login endpoint: a few attempts per minute per client address.</summary>
    public const string LoginRateLimit = "Agent.Login";

    /// <summary>Adds the options, token issuer, both schemes and <see cref="ApiPolicy"/>.</summary>
    public static IServiceCollection AddAgentAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<CredentialChecker>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer()
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<TokenIssuer>((o, issuer) =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = TokenIssuer.Issuer, ValidAudience = TokenIssuer.Issuer, IssuerSigningKey = issuer.SigningKey,
                NameClaimType = "name", ClockSkew = TimeSpan.FromSeconds(30),
            };
        });
        services.AddAuthorization();
        services.AddProblemDetails();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ProblemChallengeHandler>();
        services.AddSingleton<IConfigureOptions<AuthorizationOptions>, ApiPolicySetup>();
        services.AddHostedService<AuthStartupWarning>();
        // Password guessing gets 10 attempts a minute per client address; the 11th is a 429 problem.
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(LoginRateLimit, context => System.Threading.RateLimiting.RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new System.Threading.RateLimiting.FixedWindowRateLimiterOptions { PermitLimit = 10, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.OnRejected = async (context, cancellationToken) =>
            {
                var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = "Too many login attempts", Detail = "More than 10 login attempts in a minute from this address; wait a minute and try again." },
                });
            };
        });
        return services;
    }

    // The policy depends on Auth:Disabled, which is only known once options are bound.
    private sealed class ApiPolicySetup(IOptions<AuthOptions> auth) : IConfigureOptions<AuthorizationOptions>
    {
        public void Configure(AuthorizationOptions options) => options.AddPolicy(ApiPolicy, policy =>
        {
            if (auth.Value.Disabled) policy.RequireAssertion(_ => true);
            else policy.AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme, ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser();
        });
    }
}
