using Agent.Server.Serve;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Agent.Server.Health;

/// <summary>
/// The probes of <c>agent serve</c>: <c>/health/live</c> (the process answers HTTP; no dependency is checked, so a slow
/// database never gets a container restarted), <c>/health/ready</c> (database reachable, migrations applied, scheduler
/// started: only then should a load balancer send traffic) and the older <c>/health</c> (the database check alone, as
/// before). All three are anonymous: probes carry no token, and they reveal only check names and states.
/// </summary>
public static class HealthEndpoints
{
    /// <summary>The liveness path; the Dockerfile's HEALTHCHECK and the Kubernetes liveness probe use it.</summary>
    public const string LivePath = "/health/live";

    /// <summary>The readiness path; the Kubernetes readiness probe and compose's depends_on use it.</summary>
    public const string ReadyPath = "/health/ready";

    /// <summary>The tag of the checks <see cref="ReadyPath"/> runs.</summary>
    public const string ReadyTag = "ready";

    private const string DatabaseCheck = "database";

    /// <summary>Registers the checks: database, migrations and scheduler (all tagged <see cref="ReadyTag"/>), and the start-up migrations.</summary>
    public static IServiceCollection AddAgentHealthChecks(this IServiceCollection services)
    {
        services.AddSingleton<MigratedDatabases>();
        services.AddHostedService<StartupMigrations>();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>(DatabaseCheck, tags: [ReadyTag])
            .AddCheck<MigrationsHealthCheck>(MigrationsHealthCheck.Name, tags: [ReadyTag])
            .AddCheck<SchedulerHealthCheck>(SchedulerHealthCheck.Name, tags: [ReadyTag]);
        return services;
    }

    /// <summary>Maps <c>/health</c>, <see cref="LivePath"/> and <see cref="ReadyPath"/>, all without authentication.</summary>
    public static WebApplication MapAgentHealthChecks(this WebApplication app)
    {
        // Unchanged for existing callers (scripts, ServerProcess): the database check, plain-text answer.
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = c => c.Name == DatabaseCheck }).AllowAnonymous();
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthJsonWriter.WriteAsync }).AllowAnonymous();
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = HealthJsonWriter.WriteAsync }).AllowAnonymous();
        return app;
    }
}
