using Npgsql;

namespace Agent.Workflows.Persistence.PostgreSql;

/// <summary>
/// The Npgsql data source (connection pool) of the engine's raw SQL: commits and the start-up checks. Built on first
/// use from <c>Database:ConnectionString</c>; disposed with the container, which closes its connections.
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
        if (!connectionString.Replace(" ", "", StringComparison.Ordinal).Contains("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase))
            builder.ConnectionStringBuilder.MaxAutoPrepare = AutoPreparedStatements;
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
