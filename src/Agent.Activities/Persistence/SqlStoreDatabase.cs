using Agent.Workflows.Persistence.PostgreSql;
using System.Data;
using System.Data.Common;
using Agent.Workflows.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Agent.Activities.Persistence;

/// <summary>
/// The database of one raw-SQL store under the <c>Database</c> switch: its own SQLite file, or its own schema of the
/// shared PostgreSQL database. The schema is owned by an EF Core context with migrations for both providers (applied
/// once per process, on first open); the store itself talks plain ADO.NET through <see cref="OpenAsync"/>,
/// <see cref="BeginWriteAsync"/> and <see cref="SqlStoreCommands"/>, with portable SQL (<c>@name</c> parameters,
/// <c>ON CONFLICT</c>, <c>RETURNING</c>). A SQLite file made by the store's old <c>CREATE … IF NOT EXISTS</c> DDL is
/// baselined (see <see cref="LegacySqliteSchema"/>) instead of failing on "table exists".
/// </summary>
/// <typeparam name="TContext">The context whose migrations own the schema (the SQLite one; PostgreSQL's derives from it).</typeparam>
public abstract class SqlStoreDatabase<TContext> : IDisposable where TContext : DbContext
{
    private readonly SemaphoreSlim _migrate = new(1, 1);
    private readonly SqlStoreSettings _settings;
    private readonly string _sqliteConnectionString = "";
    private volatile bool _migrated;

    /// <summary>Uses the store's file or schema as <paramref name="database"/> says.</summary>
    /// <param name="database">The <c>Database</c> section.</param>
    /// <param name="settings">The store's file, schema, names for messages and SQLite tuning.</param>
    /// <exception cref="InvalidOperationException">PostgreSQL is chosen without a usable connection string.</exception>
    protected SqlStoreDatabase(DatabaseOptions database, SqlStoreSettings settings)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(settings);
        if (string.IsNullOrWhiteSpace(settings.SqlitePath))
            throw new ArgumentException($"The {settings.Description} path ({settings.SettingKey}) is empty; set it to a file, e.g. .data/{settings.Schema}.db.", nameof(settings));
        _settings = settings;
        Location = StoreLocation.For(database, settings.SqlitePath, settings.Schema);
        WriteLockKey = SqlStoreWriteLock.KeyOf(settings.Schema);
        if (Location.SqlitePath is { } file)
            _sqliteConnectionString = new SqliteConnectionStringBuilder
            {
                DataSource = file, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = settings.SqlitePooling, DefaultTimeout = 30,
            }.ToString();
    }

    /// <summary>Where the store lives.</summary>
    public StoreLocation Location { get; }

    /// <summary>The SQLite file (null on PostgreSQL).</summary>
    public string? Path => Location.SqlitePath;

    /// <summary>The provider the store uses.</summary>
    public DatabaseProvider Provider => Location.Provider;

    /// <summary>The PostgreSQL advisory lock key every write transaction of this store takes (derived from its schema).</summary>
    public long WriteLockKey { get; }

    /// <summary>
    /// An open connection on the migrated store: a <see cref="SqliteConnection"/> (WAL, 30 s busy timeout, optionally
    /// <c>synchronous=NORMAL</c>) or an <see cref="NpgsqlConnection"/> whose search path is the store's schema.
    /// </summary>
    /// <exception cref="InvalidOperationException">The SQLite file exists but is not a SQLite database; it is left unchanged.</exception>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_migrated) await MigrateOnceAsync(cancellationToken).ConfigureAwait(false);
        return await OpenRawAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts a write transaction whose reads and writes see one state even with other processes writing: on SQLite
    /// <c>BEGIN IMMEDIATE</c> (the file's write lock at once), on PostgreSQL a read-committed transaction that first
    /// takes <c>pg_advisory_xact_lock(<see cref="WriteLockKey"/>)</c>, so the store's writers run one at a time across
    /// processes and each starts after the previous one's commit (released at commit or rollback, also when a process dies).
    /// </summary>
    public Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        SqlStoreWriteLock.BeginAsync(connection, Provider, WriteLockKey, cancellationToken);

    /// <summary>
    /// The migrations not yet applied, without applying them (readiness probes ask this). A SQLite file that does not
    /// exist yet is not created: all migrations are pending.
    /// </summary>
    public async Task<IReadOnlyList<string>> GetPendingMigrationsAsync(CancellationToken cancellationToken)
    {
        await using var db = CreateContext();
        if (Location.SqlitePath is { } file)
        {
            if (!File.Exists(file)) return [.. db.Database.GetMigrations()];
            SqliteFileCheck.EnsureSqliteOrAbsent(file, _settings.Description, _settings.SettingKey);
            if (_settings.Legacy is { } legacy && await SqliteBaseline.IsLegacyAsync(file, db, legacy, cancellationToken).ConfigureAwait(false))
                return [.. db.Database.GetMigrations()];
        }
        return [.. await db.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false)];
    }

    /// <summary>A context on the store (for migrations and their checks; the store's queries use <see cref="OpenAsync"/>).</summary>
    public TContext CreateContext()
    {
        var builder = new DbContextOptionsBuilder<TContext>();
        Location.Configure(builder);
        return CreateContext(builder.Options, Location.Provider);
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

    private async Task<DbConnection> OpenRawAsync(CancellationToken cancellationToken)
    {
        if (Location.IsPostgreSql)
        {
            var postgres = new NpgsqlConnection(Location.ConnectionString);
            await postgres.OpenAsync(cancellationToken).ConfigureAwait(false);
            return postgres;
        }
        var sqlite = new SqliteConnection(_sqliteConnectionString);
        await sqlite.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (_settings.SqliteSynchronousNormal)
        {
            // In WAL mode NORMAL loses no committed data when a process dies (only on power loss) and spares an fsync per commit.
            await using var pragma = SqlStoreCommands.Command(sqlite, "PRAGMA synchronous = NORMAL");
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        return sqlite;
    }

    private async Task MigrateOnceAsync(CancellationToken cancellationToken)
    {
        await _migrate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_migrated) return;
            await using var db = CreateContext();
            if (Location.SqlitePath is { } file)
            {
                SqliteFileCheck.EnsureSqliteOrAbsent(file, _settings.Description, _settings.SettingKey);
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
                await using (var connection = (SqliteConnection)await OpenRawAsync(cancellationToken).ConfigureAwait(false))
                {
                    // WAL lets readers and the writer of several processes work at once; it is a property of the file.
                    await using var wal = SqlStoreCommands.Command(connection, "PRAGMA journal_mode = WAL");
                    await wal.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    if (_settings.Legacy is { } legacy) await SqliteBaseline.ApplyAsync(connection, db, legacy, cancellationToken).ConfigureAwait(false);
                }
            }
            await SerializedMigrations.MigrateAsync(db, $"agent:{Location.Schema}-migrations", cancellationToken).ConfigureAwait(false);
            _migrated = true;
        }
        finally
        {
            _migrate.Release();
        }
    }
}
