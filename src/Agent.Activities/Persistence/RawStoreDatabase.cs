using System.Data.Common;
using Agent.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Agent.Activities.Persistence;

/// <summary>
/// A <see cref="SqlStoreDatabase{TContext}"/> for the raw stores that may share one SQLite file (the engine's
/// <c>agent.db</c> holds approvals, schedule, guards, budget, decisions and integration attempts, and the engine's own
/// migrations history), with sessions (<see cref="ReadAsync{T}"/>, <see cref="WriteAsync{T}"/>) so store code is a few
/// lines of portable SQL. An old file is baselined by <see cref="SqliteBaseline"/> like every raw store's.
/// </summary>
/// <typeparam name="TContext">The context whose migrations own the store's tables.</typeparam>
public abstract class RawStoreDatabase<TContext> : SqlStoreDatabase<TContext>, IRawStoreDatabase where TContext : DbContext
{
    /// <summary>The store at <paramref name="settings"/>; <paramref name="legacyDdl"/> is the DDL old files were made with.</summary>
    /// <param name="database">The <c>Database</c> section.</param>
    /// <param name="settings">File, schema and names for messages.</param>
    /// <param name="markerTable">A table every old file of the store has.</param>
    /// <param name="legacyDdl">The old idempotent <c>CREATE … IF NOT EXISTS</c> statements.</param>
    /// <param name="addedColumns">Columns the old code added to older files when it opened them.</param>
    protected RawStoreDatabase(DatabaseOptions database, SqlStoreSettings settings, string markerTable, string legacyDdl, params LegacyColumn[] addedColumns)
        : base(database, settings with { Legacy = new LegacySqliteSchema(markerTable, legacyDdl, addedColumns) })
    {
    }

    /// <summary>Runs <paramref name="work"/> on an open connection without a transaction (reads, single statements).</summary>
    public async Task<T> ReadAsync<T>(Func<SqlSession, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await work(new SqlSession(connection, null, Location.IsPostgreSql)).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in the store's write transaction (<see cref="SqlStoreDatabase{TContext}.BeginWriteAsync"/>:
    /// <c>BEGIN IMMEDIATE</c> on SQLite, an advisory lock on PostgreSQL), so check-then-write is atomic across processes;
    /// commits when it returns, rolls back when it throws.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<SqlSession, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        var result = await work(new SqlSession(connection, transaction, Location.IsPostgreSql)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <inheritdoc />
    DbContext IRawStoreDatabase.CreateMigrationContext() => CreateContext();
}

/// <summary>Any raw store's database, whatever its context (for checks over all of them, e.g. readiness and tests).</summary>
public interface IRawStoreDatabase : IDisposable
{
    /// <summary>Where the store lives.</summary>
    StoreLocation Location { get; }

    /// <summary>An open connection on the migrated store, an old SQLite file baselined first.</summary>
    Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>The migrations not yet applied, without applying them.</summary>
    Task<IReadOnlyList<string>> GetPendingMigrationsAsync(CancellationToken cancellationToken);

    /// <summary>A context of the provider's migrations (the caller disposes it).</summary>
    DbContext CreateMigrationContext();
}
