using System.Data;
using System.Data.Common;
using System.Text;
using Agent.Workflows.Persistence;
using Microsoft.Data.Sqlite;

namespace Agent.Activities.Persistence;

/// <summary>The provider-right write transaction of a raw-SQL store (see <see cref="SqlStoreDatabase{TContext}.BeginWriteAsync"/>).</summary>
internal static class SqlStoreWriteLock
{
    /// <summary>
    /// A stable 64-bit key for <paramref name="schema"/> (FNV-1a of "agent-store:" + schema): the same in every process
    /// and run, unlike <see cref="string.GetHashCode()"/>, and apart for the stores' different schemas.
    /// </summary>
    public static long KeyOf(string schema)
    {
        const ulong offset = 14695981039346656037, prime = 1099511628211;
        var hash = offset;
        foreach (var b in Encoding.UTF8.GetBytes("agent-store:" + schema))
        {
            hash ^= b;
            hash *= prime;
        }
        return unchecked((long)hash);
    }

    /// <summary>Begins the write transaction on <paramref name="connection"/>.</summary>
    public static async Task<DbTransaction> BeginAsync(DbConnection connection, DatabaseProvider provider, long key, CancellationToken cancellationToken)
    {
        if (provider != DatabaseProvider.PostgreSql)
            return ((SqliteConnection)connection).BeginTransaction(deferred: false);
        var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
        try
        {
            // Read committed + the lock taken before any read: each statement after it sees every commit of the writer before.
            await using var command = SqlStoreCommands.Command(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", ("@key", key));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
