using Agent.Activities.Safety.Redaction;
using Agent.Activities.Claude;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Agent.Activities.Safety.Oversight;

/// <summary>Registers the real-time oversight of Claude's tool calls.</summary>
public static class OversightServiceCollectionExtensions
{
    /// <summary>
    /// Adds the hook broker, the decider and <see cref="IToolCallOversight"/> (which <see cref="ClaudeRunner"/> takes), with
    /// <see cref="OversightOptions"/> bound from <c>Safety:Oversight</c>. Needs an <c>IPolicyProvider</c> (the policy
    /// engine) and uses an <c>ISafetyEventSink</c> (the audit) when one is registered.
    /// </summary>
    public static IServiceCollection AddToolCallOversight(this IServiceCollection services, IConfiguration configuration)
    {
        services.BindValidated<OversightOptions>(configuration.GetSection(OversightOptions.SectionName));
        services.TryAddSingleton<SecretRedactor>();
        services.TryAddSingleton<ToolCallDecider>();
        // Started lazily by the first run; the container disposes it (closing the port) when the host stops.
        services.TryAddSingleton<ToolCallBroker>();
        services.TryAddSingleton<IToolCallOversight, ToolCallOversight>();
        services.TryAddSingleton<StandaloneHook>();
        return services;
    }
}
