using Agent.Workflows.Cluster;
using Medallion.Threading.Postgres;

namespace Agent.Activities.Cluster;

/// <summary>
/// <see cref="IAgentLocks"/> on PostgreSQL session advisory locks (DistributedLock.Postgres): a lock is held by a
/// database session, so every replica sharing the database is excluded, and the server drops it the moment the
/// holder's connection dies — a replica killed with <c>kill -9</c> leaves nothing behind.
/// </summary>
/// <remarks>Names are hashed to the 64-bit advisory lock key by the library; any string is a valid name.</remarks>
public sealed class PostgresAgentLocks(string connectionString) : IAgentLocks
{
    private readonly PostgresDistributedSynchronizationProvider _provider = new(
        string.IsNullOrWhiteSpace(connectionString)
            ? throw new ArgumentException("Set Database:ConnectionString to the PostgreSQL connection string (Npgsql format) for the distributed locks.", nameof(connectionString))
            : connectionString);

    /// <inheritdoc />
    public bool SpansReplicas => true;

    /// <inheritdoc />
    public async Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken cancellationToken = default) =>
        await Lock(name).TryAcquireAsync(TimeSpan.Zero, cancellationToken);

    /// <inheritdoc />
    public async Task<IAsyncDisposable> AcquireAsync(string name, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        try { return await Lock(name).AcquireAsync(timeout, cancellationToken); }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Lock '{name}' was still held by another replica after {timeout}; wait for it to finish, or look for a stuck replica in pg_locks (locktype = 'advisory').");
        }
    }

    private PostgresDistributedLock Lock(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return _provider.CreateLock(new PostgresAdvisoryLockKey(name, allowHashing: true));
    }
}
