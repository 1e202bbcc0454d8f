using Agent.Activities.Assessment;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Agent.Activities.Safety.Scanning;

/// <summary>Registers the security scanning of changes (the <c>security</c> gate of Validate).</summary>
public static class ScanningServiceCollectionExtensions
{
    /// <summary>Adds <see cref="SecurityGate"/> and its scanners with <see cref="ScanningOptions"/> bound from <paramref name="section"/> (<c>Safety:Scanning</c>).</summary>
    public static IServiceCollection AddSecurityScanning(this IServiceCollection services, IConfigurationSection section)
    {
        services.BindValidated<ScanningOptions>(section)
            .Validate(o => o.SecurityAnalyzerPrefixes.All(p => p.Length > 0), $"{section.Path}:SecurityAnalyzerPrefixes must not contain an empty prefix (it would count every warning); use e.g. 'CA5'.");
        services.TryAddSingleton<CommandRunner>();
        // The service index is small and the scan must not hang a cycle offline: a short timeout, no retries.
        services.AddHttpClient(NuGetVulnerabilitySources.ClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        services.TryAddSingleton<NuGetVulnerabilitySources>();
        services.TryAddSingleton<SecretScanner>();
        services.TryAddSingleton<VulnerabilityScanner>();
        services.TryAddSingleton<SecurityGate>();
        return services;
    }
}
