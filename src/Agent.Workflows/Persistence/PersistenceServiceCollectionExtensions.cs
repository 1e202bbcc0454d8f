using Agent.Workflows.Activities.Workflows;
using Agent.Workflows.Persistence.EntityFramework;
using Agent.Workflows.Persistence.InMemory;
using Agent.Workflows.Persistence.Sqlite;
using Agent.Workflows.Versioning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Agent.Workflows.Persistence;

/// <summary>Registers workflow persistence.</summary>
public static class PersistenceServiceCollectionExtensions
{
    /// <summary>
    /// Registers the instance store, the definition store, <see cref="WorkflowDefinitionService"/> and
    /// <see cref="IWorkflowDatabaseInitializer"/> for the provider in <see cref="PersistenceOptions.Provider"/>.
    /// The provider is read when the services are first resolved, so options bound from configuration later also apply.
    /// Call <see cref="IWorkflowDatabaseInitializer.InitializeAsync"/> once at start-up, before using the stores.
    /// </summary>
    public static IServiceCollection AddWorkflowPersistence(this IServiceCollection services, Action<PersistenceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<PersistenceOptions>();
        if (configure is not null) options.Configure(configure);

        // Resolved lazily: a provider without an EF database (InMemory) never builds it.
        services.AddPooledDbContextFactory<WorkflowDbContext>((sp, builder) =>
            WorkflowDbContextConfigurator.Configure(builder, sp.GetRequiredService<IOptions<PersistenceOptions>>().Value));

        services.TryAddSingleton<SqliteWorkflowInstanceStore>();
        services.TryAddSingleton<EfWorkflowDefinitionStore>();
        services.TryAddSingleton<SqliteDatabaseInitializer>();
        services.TryAddSingleton<InMemoryWorkflowInstanceStore>();
        services.TryAddSingleton<InMemoryWorkflowDefinitionStore>();
        services.TryAddSingleton<InMemoryDatabaseInitializer>();

        services.TryAddSingleton<IWorkflowInstanceStore>(sp => ForProvider<IWorkflowInstanceStore>(sp,
            sqlite: s => s.GetRequiredService<SqliteWorkflowInstanceStore>(),
            inMemory: s => s.GetRequiredService<InMemoryWorkflowInstanceStore>()));
        services.TryAddSingleton<IWorkflowDefinitionStore>(sp => ForProvider<IWorkflowDefinitionStore>(sp,
            sqlite: s => s.GetRequiredService<EfWorkflowDefinitionStore>(),
            inMemory: s => s.GetRequiredService<InMemoryWorkflowDefinitionStore>()));
        services.TryAddSingleton<IWorkflowDatabaseInitializer>(sp => new CatalogLoadingInitializer(ForProvider<IWorkflowDatabaseInitializer>(sp,
            sqlite: s => s.GetRequiredService<SqliteDatabaseInitializer>(),
            inMemory: s => s.GetRequiredService<InMemoryDatabaseInitializer>()), sp.GetRequiredService<WorkflowActivityCatalogLoader>()));

        // Workflows usable as activities follow the stored definitions (see WorkflowActivityCatalog).
        services.TryAddSingleton<Descriptors.ActivityRegistry>();
        services.TryAddSingleton<WorkflowActivityCatalog>();
        services.TryAddSingleton<WorkflowActivityCatalogLoader>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWorkflowDefinitionChangeListener, WorkflowActivityCatalogLoader>(
            sp => sp.GetRequiredService<WorkflowActivityCatalogLoader>()));

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<WorkflowDefinitionService>();
        return services;
    }

    private static T ForProvider<T>(IServiceProvider sp, Func<IServiceProvider, T> sqlite, Func<IServiceProvider, T> inMemory)
    {
        var provider = sp.GetRequiredService<IOptions<PersistenceOptions>>().Value.Provider;
        if (string.Equals(provider, PersistenceProviders.Sqlite, StringComparison.OrdinalIgnoreCase)) return sqlite(sp);
        if (string.Equals(provider, PersistenceProviders.InMemory, StringComparison.OrdinalIgnoreCase)) return inMemory(sp);
        throw new NotSupportedException(
            $"Persistence provider '{provider}' is not supported. Use '{PersistenceProviders.Sqlite}' or '{PersistenceProviders.InMemory}'.");
    }
}
