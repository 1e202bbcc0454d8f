using Microsoft.Extensions.Options;

namespace Agent.Workflows.Persistence;

/// <summary>Where the engine's stores live, decided once from the two option sections.</summary>
internal enum WorkflowStorageKind
{
    Sqlite,
    InMemory,
    PostgreSql,
}

/// <summary>
/// Decides the engine's storage: <c>Database:Provider=PostgreSql</c>, the one switch every store of the agent follows,
/// wins; otherwise <c>Persistence:Provider</c> chooses between the SQLite file (the default) and process memory.
/// </summary>
internal sealed class WorkflowStorage(IOptions<PersistenceOptions> persistence, IOptions<DatabaseOptions> database)
{
    /// <summary>The storage to use.</summary>
    /// <exception cref="OptionsValidationException">The <c>Database</c> section is invalid (e.g. no connection string).</exception>
    /// <exception cref="NotSupportedException"><c>Persistence:Provider</c> names no known provider.</exception>
    public WorkflowStorageKind Kind
    {
        get
        {
            if (database.Value.Provider == DatabaseProvider.PostgreSql) return WorkflowStorageKind.PostgreSql;
            var provider = persistence.Value.Provider;
            if (string.Equals(provider, PersistenceProviders.Sqlite, StringComparison.OrdinalIgnoreCase)) return WorkflowStorageKind.Sqlite;
            if (string.Equals(provider, PersistenceProviders.InMemory, StringComparison.OrdinalIgnoreCase)) return WorkflowStorageKind.InMemory;
            throw new NotSupportedException(
                $"Persistence provider '{provider}' is not supported. Use '{PersistenceProviders.Sqlite}' or '{PersistenceProviders.InMemory}' " +
                $"in Persistence:Provider, or {DatabaseOptionsValidator.ProviderKey}=PostgreSql with {DatabaseOptionsValidator.ConnectionStringKey}.");
        }
    }

    /// <summary>The PostgreSQL connection string; only meaningful when <see cref="Kind"/> is PostgreSql (validated then).</summary>
    public string PostgreSqlConnectionString => database.Value.ConnectionString!;

    /// <summary>The SQLite settings.</summary>
    public PersistenceOptions Sqlite => persistence.Value;
}
