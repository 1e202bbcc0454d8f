using Agent.Activities.Persistence;
using Agent.Activities.Assessment;
using Agent.Activities.Discovery.Registry;
using Agent.Workflows;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Agent.Activities.Research.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Discovery.Integration;

/// <summary>Registers the MCP Registry client, the local catalog, the integration services and the <see cref="IntegrateTool"/> activity.</summary>
public static class IntegrationServiceCollectionExtensions
{
    /// <summary>
    /// Adds integration bound from <paramref name="discovery"/> (the <c>Discovery</c> section), validated on start.
    /// The approval store must be registered too (<c>AddApprovals</c>), and the safety policy (<c>AddSafetyPolicy</c>,
    /// part of <c>AddImprovementCycle</c>), which may deny an integration.
    /// </summary>
    public static IServiceCollection AddCapabilityIntegration(this IServiceCollection services, IConfiguration discovery)
    {
        services.BindValidated<RegistryOptions>(discovery.GetSection("Registry"));
        services.AddOptions<IntegrationOptions>().Bind(discovery).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IntegrationOptions>>(new AnnotatedOptionsValidator<IntegrationOptions>(IntegrationOptions.SectionName));

        // The registry is called like every outside service (Research/Http), with its own patience.
        services.AddOutboundHttpClient(nameof(McpRegistryClient), limits: provider => provider.GetRequiredService<IOptions<RegistryOptions>>().Value.Limits())
            .AddTypedClient<McpRegistryClient>();

        // Failed registry calls surface as McpRegistryException with their reason; Polly's per-attempt logs (with stack
        // traces) would only repeat that on stderr.
        services.AddLogging(logging => logging.AddFilter("Polly", LogLevel.Critical));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CommandRunner>();
        services.TryAddSingleton<LocalCatalog>();
        services.TryAddSingleton<ServerSources>();
        services.TryAddSingleton<NpmServerInstaller>();
        services.TryAddSingleton<ToolProbe>();
        services.AddStoreDatabaseOptions();
        services.TryAddSingleton<IntegrationAttemptStore>();
        services.TryAddSingleton<AutoApprovePolicy>();
        services.TryAddSingleton<CapabilityTaxonomyProvider>();
        services.TryAddSingleton<ICapabilityTagger, TaxonomyCapabilityTagger>();
        services.TryAddSingleton<IntegrationManager>();
        services.TryAddSingleton<IntegrationApprovalGate>();
        services.TryAddSingleton<IntegrationService>();
        services.AddActivity<IntegrateTool>();
        return services;
    }
}
