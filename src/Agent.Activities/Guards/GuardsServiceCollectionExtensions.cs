using Microsoft.Extensions.Options;
using Agent.Workflows.Persistence;
using Agent.Activities.Persistence;
using Agent.Activities.Claude;
using Agent.Activities.Schedule;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Agent.Activities.Guards;

/// <summary>Registers the emergency stop and the cycle guard.</summary>
public static class GuardsServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="EmergencyStop"/> (also as the guard of Claude runs and scheduled fires) and <see cref="CycleGuard"/>
    /// with <see cref="GuardOptions"/> from <paramref name="section"/>; the counters live in <paramref name="databasePath"/>
    /// and a relative stop file resolves against <paramref name="contentRoot"/>.
    /// </summary>
    public static IServiceCollection AddGuards(this IServiceCollection services, IConfiguration section, string databasePath, string contentRoot)
    {
        services.AddOptions<GuardOptions>().Bind(section)
            .PostConfigure(o => o.StopFile = Path.GetFullPath(o.StopFile, contentRoot))
            .Validate(o => o.MaxCyclesPerDay >= 1 && o.MaxAttemptsPerGap >= 1 && o.ParkAfterFailures >= 1,
                "Guards:MaxCyclesPerDay, Guards:MaxAttemptsPerGap and Guards:ParkAfterFailures must be at least 1.")
            .Validate(o => o.MaxTokensPerCycle > 0 && o.MaxUsdPerCycle > 0, "Guards:MaxTokensPerCycle and Guards:MaxUsdPerCycle must be positive.")
            .Validate(o => o.StopPollInterval > TimeSpan.Zero, "Guards:StopPollInterval must be positive, e.g. 00:00:00.200.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<EmergencyStop>();
        services.TryAddSingleton<EmergencyStopEnforcer>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IClaudeRunGuard, EmergencyStop>(sp => sp.GetRequiredService<EmergencyStop>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IScheduledRunGuard, EmergencyStop>(sp => sp.GetRequiredService<EmergencyStop>()));
        services.AddStoreDatabaseOptions();
        services.TryAddSingleton(sp => new CycleGuardStore(databasePath, sp.GetRequiredService<IOptions<DatabaseOptions>>().Value));
        services.TryAddSingleton<CycleGuard>();
        return services;
    }
}
