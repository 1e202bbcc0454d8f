using Agent.Workflows.Persistence.PostgreSql;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Agent.Activities.Learning.Persistence.PostgreSql;
using Agent.Activities.Persistence;
using Agent.Workflows.Persistence;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Agent.Activities.Learning.Persistence;

/// <summary>
/// The knowledge base — the file <see cref="LearningOptions.DatabasePath"/>, or schema <c>knowledge</c> of the shared
/// PostgreSQL database (<c>Database</c> section): creates contexts, applies migrations on first use, runs reads and
/// write transactions, and turns SQLite failures (not a database, damaged, locked, cannot open) into a
/// <see cref="KnowledgeStoreException"/> that names the file and says what to do. One per process; thread-safe.
/// </summary>
public sealed class KnowledgeDatabase : IDisposable
{
    // Any fixed number: the advisory lock every PostgreSQL knowledge write takes (see WriteAsync).
    private const long WriteLockKey = 0x6B6E_6F77_6C65_6467;
    private readonly Func<CancellationToken, Task<KnowledgeDbContext>> _contexts;
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private readonly int _busyTimeoutMs;
    private volatile bool _initialized;

    /// <summary>Creates the database for <see cref="LearningOptions.DatabasePath"/> (made absolute against the current directory) or the PostgreSQL schema.</summary>
    public KnowledgeDatabase(IOptions<LearningOptions> options, IOptions<DatabaseOptions> database)
    {
        var o = options.Value;
        FilePath = Path.GetFullPath(o.DatabasePath);
        _busyTimeoutMs = o.BusyTimeoutMs;
        Location = StoreLocation.For(database.Value, FilePath, PostgresKnowledgeDbContext.Schema);
        if (Location.IsPostgreSql)
        {
            var pool = new PooledDbContextFactory<PostgresKnowledgeDbContext>(Configure(new DbContextOptionsBuilder<PostgresKnowledgeDbContext>(), Location, o.BusyTimeoutMs).Options);
            _contexts = async ct => await pool.CreateDbContextAsync(ct).ConfigureAwait(false);
        }
        else
        {
            var pool = new PooledDbContextFactory<KnowledgeDbContext>(Configure(new DbContextOptionsBuilder<KnowledgeDbContext>(), Location, o.BusyTimeoutMs).Options);
            _contexts = pool.CreateDbContextAsync;
        }
    }

    /// <summary>The absolute path of the knowledge base file (used with SQLite).</summary>
    public string FilePath { get; }

    /// <summary>Where the knowledge base lives.</summary>
    public StoreLocation Location { get; }

    internal static DbContextOptionsBuilder<TContext> Configure<TContext>(DbContextOptionsBuilder<TContext> builder, StoreLocation location, int busyTimeoutMs)
        where TContext : KnowledgeDbContext
    {
        location.Configure(builder, sqlite =>
        {
            sqlite.Mode = SqliteOpenMode.ReadWriteCreate;
            sqlite.Pooling = true;
            // Microsoft.Data.Sqlite retries SQLITE_BUSY for the command timeout on top of SQLite's busy handler;
            // matching the two keeps the configured busy timeout the real bound of a wait.
            sqlite.DefaultTimeout = Math.Max(1, (busyTimeoutMs + 999) / 1000);
        }, typeof(KnowledgeDbContext).Assembly.GetName().Name);
        if (!location.IsPostgreSql) builder.AddInterceptors(new KnowledgePragmas(busyTimeoutMs));
        builder.UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);
        return builder;
    }

    /// <summary>Checks the file and applies pending migrations. Called by the first read or write; callable at start-up to fail early.</summary>
    /// <exception cref="KnowledgeStoreException">The file is not a usable database; it was left unchanged.</exception>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        if (_initialized) return;
        await _initLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized) return;
            if (!Location.IsPostgreSql)
            {
                // Checked before SQLite opens the file: a wrong file must fail loudly, never be turned into an empty database.
                KnowledgeFileCheck.EnsureValidOrAbsent(FilePath);
                if (Path.GetDirectoryName(FilePath) is { Length: > 0 } directory) Directory.CreateDirectory(directory);
            }
            await Translate(async () =>
            {
                await using var db = await _contexts(cancellationToken).ConfigureAwait(false);
                await SerializedMigrations.MigrateAsync(db, $"agent:{Location.Schema}-migrations", cancellationToken).ConfigureAwait(false);
                return true;
            }).ConfigureAwait(false);
            _initialized = true;
        }
        finally
        {
            _initLock.Release();
        }
    }

    /// <summary>
    /// The migrations not yet applied to the file, without applying them (readiness probes ask this). A file that does
    /// not exist yet is not created: all migrations are pending.
    /// </summary>
    /// <exception cref="KnowledgeStoreException">The file is not a usable database; it was left unchanged.</exception>
    public async Task<IReadOnlyList<string>> GetPendingMigrationsAsync(CancellationToken cancellationToken)
    {
        await using var db = await _contexts(cancellationToken).ConfigureAwait(false);
        if (!Location.IsPostgreSql)
        {
            if (!File.Exists(FilePath)) return [.. db.Database.GetMigrations()];
            KnowledgeFileCheck.EnsureValidOrAbsent(FilePath);
        }
        return await Translate(async () =>
            (IReadOnlyList<string>)[.. await db.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false)]).ConfigureAwait(false);
    }

    /// <summary>Runs a query on a fresh context.</summary>
    public async Task<T> ReadAsync<T>(Func<KnowledgeDbContext, Task<T>> read, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await Translate(async () =>
        {
            await using var db = await _contexts(cancellationToken).ConfigureAwait(false);
            return await read(db).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="write"/> in one transaction that takes the write lock at its start (SQLite: BEGIN IMMEDIATE;
    /// PostgreSQL: a transaction-scoped advisory lock), so two processes writing at once wait for each other instead of
    /// one losing its work — pattern mining recomputes counts from all experiences and must see the other's commit.
    /// Nothing is stored when <paramref name="write"/> throws.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<KnowledgeDbContext, Task<T>> write, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await Translate(async () =>
        {
            await using var db = await _contexts(cancellationToken).ConfigureAwait(false);
            // Microsoft.Data.Sqlite begins transactions IMMEDIATE unless asked for a deferred one.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            if (Location.IsPostgreSql)
                await KnowledgeSql.ExecuteAsync(db, "SELECT pg_advisory_xact_lock(@key)", cancellationToken, ("@key", WriteLockKey)).ConfigureAwait(false);
            var result = await write(db).ConfigureAwait(false);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }).ConfigureAwait(false);
    }

    private async Task<T> Translate<T>(Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (SqliteException ex) when (KnowledgeFileCheck.Explain(ex, FilePath, _busyTimeoutMs) is { } problem)
        {
            throw problem;
        }
        catch (DbUpdateException ex) when (ex.InnerException is SqliteException inner && KnowledgeFileCheck.Explain(inner, FilePath, _busyTimeoutMs) is { } problem)
        {
            throw problem;
        }
        catch (InvalidOperationException ex) when (ex.InnerException is SqliteException inner && KnowledgeFileCheck.Explain(inner, FilePath, _busyTimeoutMs) is { } problem)
        {
            throw problem;
        }
        catch (NpgsqlException ex) when (ex is not PostgresException)
        {
            throw new KnowledgeStoreException(
                $"The knowledge base in {Location.Describe()} cannot be reached ({ex.Message}). Nothing was written. " +
                "Check that the server is up and that Database:ConnectionString is right.", Location.Describe(), ex);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _initLock.Dispose();
}
