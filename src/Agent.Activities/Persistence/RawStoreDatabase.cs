using System.Data.Common;
using Agent.Workflows.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Agent.Activities.Persistence;

/// <summary>
/// A <see cref="SqlStoreDatabase{TContext}"/> for the raw stores that may share one SQLite file (the engine's
/// <c>agent.db</c> holds approvals, schedule, guards, budget, decisions and integration attempts, and the engine's own
/// migrations history): an old file is baselined when it has the store's tables but the history lacks the store's first
/// migration — whether or not the history table exists, which another store or the engine may have made. Adds sessions
/// (<see cref="ReadAsync{T}"/>, <see cref="WriteAsync{T}"/>) so store code is a few lines of portable SQL.
/// </summary>
/// <typeparam name="TContext">The context whose migrations own the store's tables.</typeparam>
public abstract class RawStoreDatabase<TContext> : SqlStoreDatabase<TContext>, IRawStoreDatabase where TContext : DbContext
{
    private readonly SemaphoreSlim _baseline = new(1, 1);
    private readonly SqlStoreSettings _settings;
    private readonly string _legacyDdl;
    private readonly IReadOnlyList<LegacyColumn> _addedColumns;
    private readonly string _markerTable;
    private volatile bool _baselined;

    /// <summary>The store at <paramref name="settings"/>; <paramref name="legacyDdl"/> is the DDL old files were made with.</summary>
    /// <param name="database">The <c>Database</c> section.</param>
    /// <param name="settings">File, schema and names for messages.</param>
    /// <param name="markerTable">A table every old file of the store has.</param>
    /// <param name="legacyDdl">The old idempotent <c>CREATE … IF NOT EXISTS</c> statements.</param>
    /// <param name="addedColumns">Columns the old code added to older files when it opened them.</param>
    protected RawStoreDatabase(DatabaseOptions database, SqlStoreSettings settings, string markerTable, string legacyDdl, params LegacyColumn[] addedColumns)
        : base(database, settings)
    {
        _settings = settings;
        _markerTable = markerTable;
        _legacyDdl = legacyDdl;
        _addedColumns = addedColumns;
    }

    /// <summary>Runs <paramref name="work"/> on an open connection without a transaction (reads, single statements).</summary>
    public async Task<T> ReadAsync<T>(Func<SqlSession, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await OpenStoreAsync(cancellationToken).ConfigureAwait(false);
        return await work(new SqlSession(connection, null, Location.IsPostgreSql)).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in the store's write transaction (<see cref="SqlStoreDatabase{TContext}.BeginWriteAsync"/>:
    /// <c>BEGIN IMMEDIATE</c> on SQLite, an advisory lock on PostgreSQL), so check-then-write is atomic across processes;
    /// commits when it returns, rolls back when it throws.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<SqlSession, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await OpenStoreAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        var result = await work(new SqlSession(connection, transaction, Location.IsPostgreSql)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <inheritdoc />
    DbContext IRawStoreDatabase.CreateMigrationContext() => CreateContext();

    /// <summary>An open connection on the migrated store, an old SQLite file baselined first.</summary>
    public async Task<DbConnection> OpenStoreAsync(CancellationToken cancellationToken)
    {
        if (!_baselined) await BaselineOnceAsync(cancellationToken).ConfigureAwait(false);
        return await OpenAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task BaselineOnceAsync(CancellationToken cancellationToken)
    {
        await _baseline.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_baselined) return;
            if (Location.SqlitePath is { } file && new FileInfo(file) is { Exists: true, Length: > 0 })
            {
                SqliteFileCheck.EnsureSqliteOrAbsent(file, _settings.Description, _settings.SettingKey);
                await using var context = CreateContext();
                await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false, DefaultTimeout = 30 }.ToString());
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                await BaselineAsync(connection, context, cancellationToken).ConfigureAwait(false);
            }
            _baselined = true;
        }
        finally
        {
            _baseline.Release();
        }
    }

    // In one BEGIN IMMEDIATE: a crash leaves the file untouched or baselined, and two processes baseline it once.
    private async Task BaselineAsync(SqliteConnection connection, TContext context, CancellationToken cancellationToken)
    {
        var first = context.Database.GetMigrations().FirstOrDefault()
            ?? throw new InvalidOperationException($"{typeof(TContext).Name} has no migrations to baseline {_settings.Description} '{Location.SqlitePath}' with; add its initial migration.");
        var history = context.GetService<IHistoryRepository>();
        await using var transaction = connection.BeginTransaction(deferred: false);
        var session = new SqlSession(connection, transaction, isPostgreSql: false);
        if (!await HasTableAsync(session, _markerTable, cancellationToken).ConfigureAwait(false)) return;
        if (await HasTableAsync(session, HistoryRepository.DefaultTableName, cancellationToken).ConfigureAwait(false)
            && await session.ScalarAsync($"SELECT 1 FROM \"{HistoryRepository.DefaultTableName}\" WHERE \"MigrationId\" = @id", cancellationToken, ("@id", first)).ConfigureAwait(false) is not null)
            return;
        await session.ExecuteAsync(_legacyDdl, cancellationToken).ConfigureAwait(false);
        foreach (var added in _addedColumns)
        {
            var present = await session.ScalarAsync("SELECT COUNT(*) FROM pragma_table_info(@table) WHERE name = @column", cancellationToken, ("@table", added.Table), ("@column", added.Column)).ConfigureAwait(false);
            // The names are the store's constants, never input.
            if (Convert.ToInt64(present, System.Globalization.CultureInfo.InvariantCulture) == 0)
                await session.ExecuteAsync($"ALTER TABLE {added.Table} ADD COLUMN {added.Column} {added.Definition}", cancellationToken).ConfigureAwait(false);
        }
        await session.ExecuteAsync(history.GetCreateIfNotExistsScript(), cancellationToken).ConfigureAwait(false);
        await session.ExecuteAsync(history.GetInsertScript(new HistoryRow(first, ProductInfo.GetVersion())), cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<bool> HasTableAsync(SqlSession session, string table, CancellationToken cancellationToken) =>
        await session.ScalarAsync("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = @name", cancellationToken, ("@name", table)).ConfigureAwait(false) is not null;
}

/// <summary>Any raw store's database, whatever its context (for checks over all of them, e.g. readiness and tests).</summary>
public interface IRawStoreDatabase : IDisposable
{
    /// <summary>Where the store lives.</summary>
    StoreLocation Location { get; }

    /// <summary>An open connection on the migrated store, an old SQLite file baselined first.</summary>
    Task<DbConnection> OpenStoreAsync(CancellationToken cancellationToken);

    /// <summary>The migrations not yet applied, without applying them.</summary>
    Task<IReadOnlyList<string>> GetPendingMigrationsAsync(CancellationToken cancellationToken);

    /// <summary>A context of the provider's migrations (the caller disposes it).</summary>
    DbContext CreateMigrationContext();
}
