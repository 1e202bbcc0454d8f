using Npgsql;

namespace Agent.Workflows.Persistence.PostgreSql;

/// <summary>
/// The Npgsql data source (connection pool) of the engine's raw SQL: commits and the start-up checks. Built on first
/// use from <c>Database:ConnectionString</c>; disposed with the container, which closes its connections. Code that
/// uses this pool must leave no session state behind (SET, LISTEN, advisory locks, temp tables): connections are
/// returned to the pool without a reset.
/// </summary>
public sealed class WorkflowDataSource : IDisposable, IAsyncDisposable
{
    // Npgsql prepares a statement after it ran this often on a connection; a commit's few statements qualify at once.
    private const int AutoPreparedStatements = 32;
    private readonly Lazy<NpgsqlDataSource> _dataSource;

    internal WorkflowDataSource(WorkflowStorage storage) => _dataSource = new Lazy<NpgsqlDataSource>(() => Build(storage.PostgreSqlConnectionString));

    /// <summary>The pool.</summary>
    public NpgsqlDataSource DataSource => _dataSource.Value;

    private static NpgsqlDataSource Build(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        // Prepared statements skip parsing and planning on every commit; a connection string that sets its own
        // limit (or 0 to turn it off) is respected.
        var compact = connectionString.Replace(" ", "", StringComparison.Ordinal);
        if (!compact.Contains("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase))
            builder.ConnectionStringBuilder.MaxAutoPrepare = AutoPreparedStatements;
        // A pooled connection is reset when it is returned: Npgsql then prepends seven statements (RESET ALL, CLOSE ALL,
        // UNLISTEN *, pg_advisory_unlock_all() …) to the next command, which the server parses and runs on every commit
        // (the profile 'postgres-profile' showed them as half the statements of a cycle). Nothing on this pool sets
        // session state — commits and lease statements are single batches in an implicit transaction, migration locks
        // take their own unpooled connection (SerializedMigrations) — so there is nothing to reset.
        if (!compact.Contains("NoResetOnClose", StringComparison.OrdinalIgnoreCase))
            builder.ConnectionStringBuilder.NoResetOnClose = true;
        return builder.Build();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_dataSource.IsValueCreated) _dataSource.Value.Dispose();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_dataSource.IsValueCreated) await _dataSource.Value.DisposeAsync().ConfigureAwait(false);
    }
}
