using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Agent.Workflows.Persistence.PostgreSql;

/// <summary>
/// Applies a context's migrations so that replicas starting at once on one PostgreSQL database cannot apply the same
/// migration twice: EF Core's own migration lock did not keep three replicas from running a later migration together
/// ("relation already exists"), so the whole migration runs under one session advisory lock named per store. The lock
/// dies with its session, so a replica killed while migrating blocks no one. On SQLite it is a plain migrate: the
/// file's own locks serialize writers.
/// </summary>
public static class SerializedMigrations
{
    /// <summary>Migrates <paramref name="db"/>, under the advisory lock <paramref name="lockName"/> on PostgreSQL.</summary>
    /// <param name="db">The context whose migrations to apply.</param>
    /// <param name="lockName">The lock's name, one per store (e.g. <c>agent:workflows-migrations</c>).</param>
    /// <param name="cancellationToken">Cancels waiting for the lock and the migration.</param>
    public static async Task MigrateAsync(DbContext db, string lockName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!db.Database.IsNpgsql())
        {
            await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
            return;
        }
        // Its own connection (not the context's, which EF opens and closes as it migrates), released explicitly: a
        // pooled connection keeps its session, and so the lock, when returned to the pool.
        await using var gate = new NpgsqlConnection(db.Database.GetConnectionString());
        await gate.OpenAsync(cancellationToken).ConfigureAwait(false);
        await RunAsync(gate, "SELECT pg_advisory_lock(hashtextextended($1, 0))", lockName, cancellationToken).ConfigureAwait(false);
        try
        {
            await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await RunAsync(gate, "SELECT pg_advisory_unlock(hashtextextended($1, 0))", lockName, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task RunAsync(NpgsqlConnection connection, string sql, string lockName, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = lockName });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
