using Agent.Server.Api;
using Agent.Server.Auth;

namespace Agent.Server.Studio;

/// <summary>One-line wiring of the Studio, the Elsa API and authentication into the web host.</summary>
public static class StudioHosting
{
    /// <summary>Adds authentication, the API's services and the Studio options.</summary>
    public static IServiceCollection AddAgentStudio(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StudioOptions>().Bind(configuration.GetSection(StudioOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddAgentAuthentication(configuration);
        services.AddElsaApi();
        return services;
    }

    /// <summary>Adds the middleware (static files, authentication) and maps the API and the host pages.</summary>
    public static WebApplication UseAgentStudio(this WebApplication app)
    {
        // Unexpected errors become a 500 problem document instead of an empty body.
        app.UseExceptionHandler();
        app.UseStudioStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapElsaApi();
        app.MapStudioPages();
        return app;
    }
}
