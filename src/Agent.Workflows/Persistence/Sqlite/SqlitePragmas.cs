using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Agent.Workflows.Persistence.Sqlite;

/// <summary>
/// The per-connection settings every SQLite connection of the engine runs with, in one place so the EF Core
/// connections and the store's raw commit connection cannot drift apart.
/// </summary>
internal static class SqlitePragmas
{
    // WAL lets readers proceed while one writer commits. synchronous=NORMAL in WAL mode loses no committed data
    // when the process crashes (only on power loss may the last commits roll back) and avoids an fsync per commit.
    public static string Script(int busyTimeoutMs) =>
        $"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={Math.Max(0, busyTimeoutMs)}; PRAGMA foreign_keys=ON;";

    public static void Apply(DbConnection connection, int busyTimeoutMs)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Script(busyTimeoutMs);
        Execute(connection, () => command.ExecuteNonQuery());
    }

    public static async Task ApplyAsync(DbConnection connection, int busyTimeoutMs, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Script(busyTimeoutMs);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (SqliteDatabaseFile.IsDamaged(ex))
        {
            throw SqliteDatabaseFile.NotADatabase(SqliteConnectionStrings.DatabaseFile(connection.ConnectionString), ex);
        }
    }

    private static void Execute(DbConnection connection, Action action)
    {
        try
        {
            action();
        }
        catch (SqliteException ex) when (SqliteDatabaseFile.IsDamaged(ex))
        {
            throw SqliteDatabaseFile.NotADatabase(SqliteConnectionStrings.DatabaseFile(connection.ConnectionString), ex);
        }
    }
}
