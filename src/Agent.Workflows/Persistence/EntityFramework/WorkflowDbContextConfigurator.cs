using Agent.Workflows.Persistence.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Agent.Workflows.Persistence.EntityFramework;

/// <summary>
/// The one place that turns <see cref="PersistenceOptions"/> into EF Core options for SQLite. PostgreSQL has its own
/// context type and options (<see cref="PostgreSql.PostgreSqlContextOptions"/>); <see cref="WorkflowDbContextFactory"/>
/// picks between them.
/// </summary>
public static class WorkflowDbContextConfigurator
{
    /// <summary>Configures <paramref name="builder"/> for the provider named in <paramref name="options"/>.</summary>
    /// <exception cref="NotSupportedException">The provider has no EF Core database (e.g. InMemory) or is unknown.</exception>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, PersistenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        switch (options.Provider)
        {
            case var p when string.Equals(p, PersistenceProviders.Sqlite, StringComparison.OrdinalIgnoreCase):
                builder.UseSqlite(SqliteConnectionStrings.Build(options), sqlite =>
                    sqlite.MigrationsAssembly(typeof(WorkflowDbContext).Assembly.GetName().Name));
                builder.AddInterceptors(new SqlitePragmaInterceptor(options.BusyTimeoutMs));
                break;
            default:
                throw new NotSupportedException(
                    $"Persistence provider '{options.Provider}' has no database configuration. Supported: {PersistenceProviders.Sqlite}.");
        }
        // Stores map rows to runtime objects and write explicitly; tracking would only cost time.
        builder.UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);
        return builder;
    }
}
