using Agent.Workflows.Persistence.PostgreSql;
using Agent.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Agent.Activities.Persistence;

/// <summary>
/// The database of one EF Core context under the <c>Database</c> switch: with SQLite the store's own file (refused and
/// left as it is when it is not SQLite), with PostgreSQL the store's own schema of the shared database. Contexts opened
/// on it come from a database migrated once per process, on first use; on PostgreSQL EF's migration lock lets several
/// replicas start at once. Derive one class per database, naming it and the setting that moves its file.
/// </summary>
/// <typeparam name="TContext">The context whose migrations own the database.</typeparam>
public abstract class MigratedDatabase<TContext> : IDisposable where TContext : DbContext
{
    private readonly SemaphoreSlim _migrate = new(1, 1);
    private readonly string _description;
    private readonly string _settingKey;
    private volatile bool _migrated;

    /// <summary>Uses the store's file or schema as <paramref name="database"/> says.</summary>
    /// <param name="database">The <c>Database</c> section.</param>
    /// <param name="sqlitePath">The SQLite file; relative paths resolve against the working directory.</param>
    /// <param name="schema">The PostgreSQL schema (lower case).</param>
    /// <param name="description">What the database is, for messages (e.g. "cycle database").</param>
    /// <param name="settingKey">The setting that moves the SQLite file (e.g. <c>Cycle:DatabasePath</c>).</param>
    protected MigratedDatabase(DatabaseOptions database, string sqlitePath, string schema, string description, string settingKey)
    {
        Location = StoreLocation.For(database, sqlitePath, schema);
        _description = description;
        _settingKey = settingKey;
    }

    /// <summary>Where the store lives.</summary>
    public StoreLocation Location { get; }

    /// <summary>The SQLite file (null on PostgreSQL).</summary>
    public string? Path => Location.SqlitePath;

    /// <summary>A new context on a migrated database.</summary>
    /// <exception cref="InvalidOperationException">The file exists but is not a SQLite database; it is left unchanged.</exception>
    public async Task<TContext> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_migrated)
        {
            await _migrate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!_migrated)
                {
                    if (Location.SqlitePath is { } file)
                    {
                        SqliteFileCheck.EnsureSqliteOrAbsent(file, _description, _settingKey);
                        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
                    }
                    await using var db = Create();
                    await SerializedMigrations.MigrateAsync(db, $"agent:{Location.Schema}-migrations", cancellationToken).ConfigureAwait(false);
                    _migrated = true;
                }
            }
            finally
            {
                _migrate.Release();
            }
        }
        return Create();
    }

    /// <summary>
    /// The migrations not yet applied, without applying them (readiness probes ask this). A SQLite file that does not
    /// exist yet is not created: all migrations are pending.
    /// </summary>
    /// <exception cref="InvalidOperationException">The file exists but is not a SQLite database; it is left unchanged.</exception>
    public async Task<IReadOnlyList<string>> GetPendingMigrationsAsync(CancellationToken cancellationToken)
    {
        await using var db = Create();
        if (Location.SqlitePath is { } file)
        {
            if (!File.Exists(file)) return [.. db.Database.GetMigrations()];
            SqliteFileCheck.EnsureSqliteOrAbsent(file, _description, _settingKey);
        }
        return [.. await db.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false)];
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _migrate.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// A context on <paramref name="options"/>: the SQLite context, or with PostgreSQL its provider-specific derived
    /// context, which owns the PostgreSQL migrations (EF ties a migrations set to one context type).
    /// </summary>
    protected abstract TContext CreateContext(DbContextOptions options, DatabaseProvider provider);

    private TContext Create()
    {
        var builder = new DbContextOptionsBuilder<TContext>();
        Location.Configure(builder);
        return CreateContext(builder.Options, Location.Provider);
    }
}
