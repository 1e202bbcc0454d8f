using Agent.Workflows.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Persistence;

/// <summary>Registers the <c>Database</c> switch the EF stores of this assembly follow.</summary>
public static class DatabaseServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="DatabaseOptions"/> bound from the <c>Database</c> section of the registered
    /// <see cref="IConfiguration"/> (when there is one; SQLite otherwise) and validated on start. Safe to call many times.
    /// </summary>
    public static IServiceCollection AddStoreDatabaseOptions(this IServiceCollection services)
    {
        services.AddOptions<DatabaseOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<DatabaseOptions>, DatabaseOptionsFromConfiguration>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>());
        return services;
    }

    // Bound lazily from the container's configuration so the learning and discovery extensions, which receive only their
    // own section, still follow the one switch.
    private sealed class DatabaseOptionsFromConfiguration(IServiceProvider services) : IConfigureOptions<DatabaseOptions>
    {
        public void Configure(DatabaseOptions options) =>
            services.GetService<IConfiguration>()?.GetSection(DatabaseOptions.SectionName).Bind(options);
    }
}
