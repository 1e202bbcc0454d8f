using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Agent.Activities.Telemetry;

/// <summary>Registers the agent's instruments: <see cref="AgentMetrics"/>, the store probe behind its gauges, and Claude run spans.</summary>
public static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Adds the instruments with <see cref="TelemetryOptions"/> bound (and validated on start) from <paramref name="section"/>.
    /// Exporting them (Prometheus, OTLP) is the host's business; without an exporter the instruments cost next to nothing.
    /// </summary>
    public static IServiceCollection AddAgentMetrics(this IServiceCollection services, IConfigurationSection section)
    {
        services.BindValidated<TelemetryOptions>(section);
        services.TryAddSingleton<AgentStateProbe>();
        services.TryAddSingleton<AgentMetrics>();
        services.TryAddSingleton<ClaudeRunTelemetry>();
        return services;
    }
}
