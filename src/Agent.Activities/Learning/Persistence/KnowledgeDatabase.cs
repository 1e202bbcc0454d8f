using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Learning.Persistence;

/// <summary>
/// The knowledge base file: creates contexts, applies migrations on first use, runs reads and write transactions,
/// and turns SQLite failures (not a database, damaged, locked, cannot open) into a <see cref="KnowledgeStoreException"/>
/// that names the file and says what to do. One per process; thread-safe.
/// </summary>
public sealed class KnowledgeDatabase : IDisposable
{
    private readonly PooledDbContextFactory<KnowledgeDbContext> _contexts;
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private readonly int _busyTimeoutMs;
    private volatile bool _initialized;

    /// <summary>Creates the database for <see cref="LearningOptions.DatabasePath"/> (made absolute against the current directory).</summary>
    public KnowledgeDatabase(IOptions<LearningOptions> options)
    {
        var o = options.Value;
        FilePath = Path.GetFullPath(o.DatabasePath);
        _busyTimeoutMs = o.BusyTimeoutMs;
        _contexts = new PooledDbContextFactory<KnowledgeDbContext>(Configure(new DbContextOptionsBuilder<KnowledgeDbContext>(), FilePath, o.BusyTimeoutMs).Options);
    }

    /// <summary>The absolute path of the knowledge base file.</summary>
    public string FilePath { get; }

    internal static DbContextOptionsBuilder<KnowledgeDbContext> Configure(DbContextOptionsBuilder<KnowledgeDbContext> builder, string path, int busyTimeoutMs)
    {
        var connection = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // Microsoft.Data.Sqlite retries SQLITE_BUSY for the command timeout on top of SQLite's busy handler;
            // matching the two keeps the configured busy timeout the real bound of a wait.
            DefaultTimeout = Math.Max(1, (busyTimeoutMs + 999) / 1000),
        };
        builder.UseSqlite(connection.ToString(), s => s.MigrationsAssembly(typeof(KnowledgeDbContext).Assembly.GetName().Name));
        builder.AddInterceptors(new KnowledgePragmas(busyTimeoutMs));
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
            // Checked before SQLite opens the file: a wrong file must fail loudly, never be turned into an empty database.
            KnowledgeFileCheck.EnsureValidOrAbsent(FilePath);
            if (Path.GetDirectoryName(FilePath) is { Length: > 0 } directory) Directory.CreateDirectory(directory);
            await Translate(async () =>
            {
                await using var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
                await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
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
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (!File.Exists(FilePath)) return [.. db.Database.GetMigrations()];
        KnowledgeFileCheck.EnsureValidOrAbsent(FilePath);
        return await Translate(async () =>
            (IReadOnlyList<string>)[.. await db.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false)]).ConfigureAwait(false);
    }

    /// <summary>Runs a query on a fresh context.</summary>
    public async Task<T> ReadAsync<T>(Func<KnowledgeDbContext, Task<T>> read, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await Translate(async () =>
        {
            await using var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            return await read(db).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="write"/> in one transaction that takes the write lock at its start (BEGIN IMMEDIATE), so two
    /// processes writing at once wait for each other (up to the busy timeout) instead of one losing its work. Nothing is
    /// stored when <paramref name="write"/> throws.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<KnowledgeDbContext, Task<T>> write, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await Translate(async () =>
        {
            await using var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            // Microsoft.Data.Sqlite begins transactions IMMEDIATE unless asked for a deferred one.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
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
    }

    /// <inheritdoc />
    public void Dispose() => _initLock.Dispose();
}
