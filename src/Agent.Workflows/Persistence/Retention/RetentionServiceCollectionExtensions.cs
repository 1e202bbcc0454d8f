using Agent.Workflows.Cluster;
using Agent.Workflows.Persistence.EntityFramework;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Agent.Workflows.Persistence.Retention;

/// <summary>Registers retention of finished instances (<see cref="FinishedInstanceRetentionOptions"/>).</summary>
public static class RetentionServiceCollectionExtensions
{
    /// <summary>
    /// Registers the validated options and <see cref="FinishedInstanceSweep"/>. Hosts bind the options from
    /// <c>Retention:FinishedInstances</c>; <paramref name="configure"/> sets them in code.
    /// </summary>
    public static IServiceCollection AddFinishedInstanceRetention(this IServiceCollection services, Action<FinishedInstanceRetentionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<FinishedInstanceRetentionOptions>();
        if (configure is not null) options.Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FinishedInstanceRetentionOptions>, FinishedInstanceRetentionOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new FinishedInstanceSweep(sp.GetRequiredService<WorkflowStorage>(),
            sp.GetRequiredService<IDbContextFactory<WorkflowDbContext>>(), sp.GetRequiredService<IOptions<FinishedInstanceRetentionOptions>>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetService<IAgentLocks>()));
        return services;
    }
}
