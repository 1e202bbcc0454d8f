using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Agent.Activities.Safety.Limits;

/// <summary>Registers the resource limiter.</summary>
public static class LimitsServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ResourceLimiter"/> with <see cref="ResourceLimitOptions"/> bound from <paramref name="configuration"/>'s
    /// <c>Safety:Limits</c> section, validated on start. The Claude runner and the command runner pick it up from DI.
    /// </summary>
    public static IServiceCollection AddResourceLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.BindValidated<ResourceLimitOptions>(configuration.GetSection(ResourceLimitOptions.SectionName))
            .Validate(o => o.SampleInterval >= TimeSpan.FromMilliseconds(20) && o.SampleInterval <= TimeSpan.FromSeconds(10),
                "Safety:Limits:SampleInterval must be between 00:00:00.020 and 00:00:10; 00:00:00.200 is a good value.")
            .Validate(o => AllNonNegative(o), "Safety:Limits:<Kind>:WallTime, CpuTime and CpuCores cannot be negative; use 0 or leave them out for no limit.")
            .Validate(o => string.IsNullOrWhiteSpace(o.CgroupRoot) || Path.IsPathFullyQualified(o.CgroupRoot),
                "Safety:Limits:CgroupRoot must be an absolute path to a delegated cgroup v2 directory (e.g. /sys/fs/cgroup/system.slice/agent.service); leave it out to use the agent's own cgroup when it qualifies.");
        services.TryAddSingleton<CgroupV2Detector>(_ => new CgroupV2Detector());
        services.TryAddSingleton<LimitMechanismProbe>();
        services.TryAddSingleton<ResourceLimiter>();
        return services;
    }

    private static bool AllNonNegative(ResourceLimitOptions o) =>
        new[] { o.Claude, o.Test, o.Build, o.Other }.All(l => (l.WallTime ?? TimeSpan.Zero) >= TimeSpan.Zero && (l.CpuTime ?? TimeSpan.Zero) >= TimeSpan.Zero && (l.CpuCores ?? 0) >= 0);
}
