using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Agent.Activities.Safety.Policy;

/// <summary>Registers the policy engine.</summary>
public static class PolicyServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IPolicyProvider"/> (<see cref="PolicyProvider"/>: built-in, operator's file, target's file) with
    /// <see cref="PolicyOptions"/> from <paramref name="section"/> (<c>Safety:Policy</c>), a relative policy path resolving
    /// against <paramref name="contentRoot"/>, and <see cref="PolicyGate"/>, which evaluates the cycle's actions and
    /// publishes denials through the registered <see cref="Events.ISafetyEventSink"/>, and <see cref="MergePolicyCheck"/> for Validate.
    /// </summary>
    public static IServiceCollection AddSafetyPolicy(this IServiceCollection services, IConfigurationSection section, string contentRoot)
    {
        services.BindValidated<PolicyOptions>(section).PostConfigure(o => o.Path = string.IsNullOrWhiteSpace(o.Path) ? o.Path : Path.GetFullPath(o.Path, contentRoot));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PolicyFileParser>();
        services.TryAddSingleton<BuiltInPolicy>();
        services.TryAddSingleton<PolicyProvider>();
        services.TryAddSingleton<IPolicyProvider>(sp => sp.GetRequiredService<PolicyProvider>());
        services.TryAddSingleton<PolicyGate>();
        services.TryAddSingleton<MergePolicyCheck>();
        return services;
    }
}
