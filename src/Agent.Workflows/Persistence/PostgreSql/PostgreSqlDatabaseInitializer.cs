using Agent.Workflows.Persistence.EntityFramework;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Agent.Workflows.Persistence.PostgreSql;

/// <summary>
/// Checks that the configured PostgreSQL server answers, then applies the engine's migrations (schema
/// <see cref="PostgreSqlWorkflowDbContext.Schema"/>). Several replicas may start at once: an advisory lock lets one apply
/// the migrations while the others wait and then find nothing left to do.
/// </summary>
public sealed class PostgreSqlDatabaseInitializer(IDbContextFactory<WorkflowDbContext> contexts, WorkflowDataSource dataSource)
    : IWorkflowDatabaseInitializer
{
    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await EnsureReachableAsync(cancellationToken).ConfigureAwait(false);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await SerializedMigrations.MigrateAsync(db, "agent:workflows-migrations", cancellationToken).ConfigureAwait(false);
    }

    // Checked first so that a wrong host, port, database or password fails with what to fix, not an EF stack trace.
    private async Task EnsureReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await dataSource.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            var target = new NpgsqlConnectionStringBuilder(dataSource.DataSource.ConnectionString);
            throw new WorkflowStoreException(
                $"Cannot connect to the PostgreSQL server named by {DatabaseOptionsValidator.ConnectionStringKey} " +
                $"(host '{target.Host}', port {target.Port}, database '{target.Database}', user '{target.Username}'): {ex.Message} " +
                "Check that the server runs and accepts connections from this machine, that the database exists and that the user " +
                $"and password are right, then start again; or remove {DatabaseOptionsValidator.ProviderKey} to use the embedded SQLite files.",
                innerException: ex);
        }
    }
}
