using Agent.Workflows.Cluster;
using Npgsql;

namespace Agent.Workflows.Tests.Persistence.Postgres;

/// <summary>
/// Session advisory locks on a real PostgreSQL database, one connection per held lock, for engine tests that cannot
/// reference the agent's own <c>PostgresAgentLocks</c> (src/Agent.Activities). Released with the connection.
/// </summary>
internal sealed class AdvisoryLocks(string connectionString) : IAgentLocks
{
    public bool SpansReplicas => true;

    public async Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken cancellationToken = default)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtextextended($1, 0))", connection);
        command.Parameters.AddWithValue(name);
        if ((bool)(await command.ExecuteScalarAsync(cancellationToken))!) return connection;
        await connection.DisposeAsync();
        return null;
    }

    public async Task<IAsyncDisposable> AcquireAsync(string name, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var deadline = timeout is { } t ? DateTime.UtcNow + t : DateTime.MaxValue;
        while (true)
        {
            if (await TryAcquireAsync(name, cancellationToken) is { } held) return held;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Lock '{name}' was still held after {timeout}.");
            await Task.Delay(20, cancellationToken);
        }
    }
}
