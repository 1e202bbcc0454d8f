using Agent.Workflows.Activities.Workflows;
using Agent.Workflows.Persistence.EntityFramework;
using Agent.Workflows.Persistence.InMemory;
using Agent.Workflows.Persistence.PostgreSql;
using Agent.Workflows.Persistence.Retention;
using Agent.Workflows.Persistence.Sqlite;
using Agent.Workflows.Versioning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Agent.Workflows.Persistence;

/// <summary>Registers workflow persistence.</summary>
public static class PersistenceServiceCollectionExtensions
{
    /// <summary>
    /// Registers the instance store, the definition store, <see cref="WorkflowDefinitionService"/> and
    /// <see cref="IWorkflowDatabaseInitializer"/> for the configured provider: PostgreSQL when
    /// <see cref="DatabaseOptions.Provider"/> says so (the one switch every store follows), otherwise the provider in
    /// <see cref="PersistenceOptions.Provider"/> (SQLite, the default, or InMemory). The provider is read when the
    /// services are first resolved, so options bound from configuration later also apply.
    /// Call <see cref="IWorkflowDatabaseInitializer.InitializeAsync"/> once at start-up, before using the stores.
    /// </summary>
    public static IServiceCollection AddWorkflowPersistence(this IServiceCollection services, Action<PersistenceOptions>? configure = null,
        Action<DatabaseOptions>? database = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<PersistenceOptions>();
        if (configure is not null) options.Configure(configure);
        var databaseOptions = services.AddOptions<DatabaseOptions>();
        if (database is not null) databaseOptions.Configure(database);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>());
        services.TryAddSingleton<WorkflowStorage>();

        // Resolved lazily: a provider without an EF database (InMemory) never builds it.
        services.TryAddSingleton<IDbContextFactory<WorkflowDbContext>, WorkflowDbContextFactory>();

        services.TryAddSingleton(sp => new WorkflowDataSource(sp.GetRequiredService<WorkflowStorage>()));
        services.TryAddSingleton<PostgreSqlWorkflowInstanceStore>();
        services.TryAddSingleton<PostgreSqlDatabaseInitializer>();
        services.TryAddSingleton<SqliteWorkflowInstanceStore>();
        services.TryAddSingleton<EfWorkflowDefinitionStore>();
        services.TryAddSingleton<SqliteDatabaseInitializer>();
        services.TryAddSingleton(sp => new InMemoryWorkflowInstanceStore(
            sp.GetRequiredService<IOptions<Retention.FinishedInstanceRetentionOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.AddFinishedInstanceRetention();
        services.TryAddSingleton<InMemoryWorkflowDefinitionStore>();
        services.TryAddSingleton<InMemoryDatabaseInitializer>();

        services.TryAddSingleton<IWorkflowInstanceStore>(sp => ForProvider<IWorkflowInstanceStore>(sp,
            sqlite: s => s.GetRequiredService<SqliteWorkflowInstanceStore>(),
            inMemory: s => s.GetRequiredService<InMemoryWorkflowInstanceStore>(),
            postgreSql: s => s.GetRequiredService<PostgreSqlWorkflowInstanceStore>()));
        // EF Core only, so one definition store serves both databases.
        services.TryAddSingleton<IWorkflowDefinitionStore>(sp => ForProvider<IWorkflowDefinitionStore>(sp,
            sqlite: s => s.GetRequiredService<EfWorkflowDefinitionStore>(),
            inMemory: s => s.GetRequiredService<InMemoryWorkflowDefinitionStore>(),
            postgreSql: s => s.GetRequiredService<EfWorkflowDefinitionStore>()));
        services.TryAddSingleton<IWorkflowDatabaseInitializer>(sp => new CatalogLoadingInitializer(ForProvider<IWorkflowDatabaseInitializer>(sp,
            sqlite: s => s.GetRequiredService<SqliteDatabaseInitializer>(),
            inMemory: s => s.GetRequiredService<InMemoryDatabaseInitializer>(),
            postgreSql: s => s.GetRequiredService<PostgreSqlDatabaseInitializer>()), sp.GetRequiredService<WorkflowActivityCatalogLoader>()));

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

    private static T ForProvider<T>(IServiceProvider sp, Func<IServiceProvider, T> sqlite, Func<IServiceProvider, T> inMemory,
        Func<IServiceProvider, T> postgreSql) => sp.GetRequiredService<WorkflowStorage>().Kind switch
    {
        WorkflowStorageKind.PostgreSql => postgreSql(sp),
        WorkflowStorageKind.InMemory => inMemory(sp),
        _ => sqlite(sp),
    };
}
