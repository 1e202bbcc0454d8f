using Agent.Workflows;
using Agent.Workflows.Execution;
using Agent.Workflows.Model;
using Agent.Workflows.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Agent.Workflows.Runtime;

namespace Agent.Bench;

/// <summary>Which instance store the engine runs on.</summary>
public enum StoreKind
{
    /// <summary>The engine's in-memory store (figures a, b, d).</summary>
    InMemory,
    /// <summary>The engine's SQLite store on a temp file (figures c, e).</summary>
    Sqlite,
    /// <summary>Profiling only: a store that keeps nothing.</summary>
    Discarding,
    /// <summary>The engine's PostgreSQL store on a database given by the caller (figure postgres-vs-sqlite).</summary>
    PostgreSql,
}

/// <summary>One engine as an application would set it up: DI with the engine, the bench activities and a store.</summary>
public sealed class EngineHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private EngineHost(ServiceProvider provider, string? databasePath)
    {
        _provider = provider;
        DatabasePath = databasePath;
        Runtime = provider.GetRequiredService<WorkflowRuntime>();
        Store = provider.GetRequiredService<IWorkflowInstanceStore>();
    }

    public WorkflowRuntime Runtime { get; }
    public IWorkflowInstanceStore Store { get; }
    public string? DatabasePath { get; }
    public IServiceProvider Services => _provider;

    /// <summary>Builds an engine; <paramref name="wrap"/> may decorate the store (profiling).</summary>
    public static Task<EngineHost> CreateAsync(StoreKind kind, Func<IWorkflowInstanceStore, IWorkflowInstanceStore>? wrap,
        IWorkflowVersionSource? versions, params WorkflowDefinition[] definitions) => CreateAsync(kind, wrap, versions, null, definitions);

    /// <summary>Builds an engine; <paramref name="wrapVersions"/> may decorate the version source (profiling).</summary>
    public static Task<EngineHost> CreateAsync(StoreKind kind, Func<IWorkflowInstanceStore, IWorkflowInstanceStore>? wrap,
        IWorkflowVersionSource? versions, Func<IWorkflowVersionSource, IWorkflowVersionSource>? wrapVersions, params WorkflowDefinition[] definitions) =>
        CreateAsync(kind, null, wrap, versions, wrapVersions, definitions);

    /// <summary>Builds an engine on PostgreSQL at <paramref name="connectionString"/> (a fresh database per host).</summary>
    public static Task<EngineHost> CreatePostgreSqlAsync(string connectionString, params WorkflowDefinition[] definitions) =>
        CreateAsync(StoreKind.PostgreSql, connectionString, null, null, null, definitions);

    private static async Task<EngineHost> CreateAsync(StoreKind kind, string? connectionString, Func<IWorkflowInstanceStore, IWorkflowInstanceStore>? wrap,
        IWorkflowVersionSource? versions, Func<IWorkflowVersionSource, IWorkflowVersionSource>? wrapVersions, WorkflowDefinition[] definitions)
    {
        var services = new ServiceCollection();
        services.AddWorkflowEngine();
        services.AddActivity<Noop>();
        services.AddActivity<Work1>(); services.AddActivity<Work2>(); services.AddActivity<Work3>(); services.AddActivity<Work4>();
        services.AddActivity<Work5>(); services.AddActivity<Work6>(); services.AddActivity<Work7>();
        string? path = null;
        switch (kind)
        {
            case StoreKind.Discarding:
                services.AddSingleton<IWorkflowInstanceStore, DiscardingStore>();
                break;
            case StoreKind.InMemory:
                services.AddWorkflowPersistence(o => o.Provider = PersistenceProviders.InMemory);
                break;
            case StoreKind.Sqlite:
                path = TempFiles.NewDatabasePath("engine");
                services.AddWorkflowPersistence(o => { o.Provider = PersistenceProviders.Sqlite; o.DatabasePath = path; });
                break;
            case StoreKind.PostgreSql:
                services.AddWorkflowPersistence(database: d => { d.Provider = DatabaseProvider.PostgreSql; d.ConnectionString = connectionString; });
                break;
        }
        if (wrap is not null) Decorate(services, wrap);
        // Resume finds an instance's definition version through IWorkflowVersionSource; the engine's default
        // (StoreVersionSource) reads the definition store, so the definitions are saved there as an application would.
        // Profiling may substitute another source; the discarding store has no definition store behind it.
        if (versions is not null) services.Replace(ServiceDescriptor.Singleton(versions));
        else if (kind == StoreKind.Discarding) services.Replace(ServiceDescriptor.Singleton<IWorkflowVersionSource>(new BenchVersionSource(definitions)));
        if (wrapVersions is not null) Decorate(services, wrapVersions);
        var provider = services.BuildServiceProvider();
        if (kind != StoreKind.Discarding)
        {
            await provider.GetRequiredService<IWorkflowDatabaseInitializer>().InitializeAsync();
            var definitionStore = provider.GetRequiredService<IWorkflowDefinitionStore>();
            foreach (var d in definitions) await definitionStore.SaveAsync(d);
        }
        return new EngineHost(provider, path);
    }

    /// <summary>Replaces the registration of <typeparamref name="T"/> by <paramref name="wrap"/> applied to it.</summary>
    private static void Decorate<T>(IServiceCollection services, Func<T, T> wrap) where T : class
    {
        var inner = services.Last(d => d.ServiceType == typeof(T));
        services.Remove(inner);
        services.AddSingleton<T>(sp => wrap((T)(inner.ImplementationInstance
            ?? inner.ImplementationFactory?.Invoke(sp) ?? ActivatorUtilities.CreateInstance(sp, inner.ImplementationType!))));
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        if (DatabasePath is not null) TempFiles.DeleteDatabase(DatabasePath);
    }
}

/// <summary>Resolves definition versions the bench started instances from (used when resuming).</summary>
public sealed class BenchVersionSource(IEnumerable<WorkflowDefinition> definitions) : IWorkflowVersionSource
{
    private readonly Dictionary<string, WorkflowDefinition> _byId = definitions.ToDictionary(d => d.Id, StringComparer.Ordinal);

    public Task<WorkflowDefinition?> FindVersionAsync(string versionId, CancellationToken cancellationToken) =>
        Task.FromResult(_byId.GetValueOrDefault(versionId));
}

/// <summary>Temp SQLite files, removed with their WAL and shared-memory companions.</summary>
public static class TempFiles
{
    public static string NewDatabasePath(string name) =>
        Path.Combine(Path.GetTempPath(), $"agent-bench-{name}-{Environment.ProcessId}-{Guid.NewGuid():N}.db");

    public static void DeleteDatabase(string path)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var p in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
            try { File.Delete(p); } catch (IOException) { }
    }
}
