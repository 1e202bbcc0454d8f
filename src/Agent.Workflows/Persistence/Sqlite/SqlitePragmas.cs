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
    // A read-only connection (EF Core opens one to check that the file exists) cannot switch a new database to
    // WAL; it gets the other settings, and the first read-write connection switches the file.
    public static string Script(DbConnection connection, int busyTimeoutMs)
    {
        var settings = $"PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={Math.Max(0, busyTimeoutMs)}; PRAGMA foreign_keys=ON;";
        return IsReadOnly(connection) ? settings : "PRAGMA journal_mode=WAL; " + settings;
    }

    private static bool IsReadOnly(DbConnection connection) =>
        new SqliteConnectionStringBuilder(connection.ConnectionString).Mode == SqliteOpenMode.ReadOnly;

    public static void Apply(DbConnection connection, int busyTimeoutMs)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Script(connection, busyTimeoutMs);
        Execute(connection, () => command.ExecuteNonQuery());
    }

    public static async Task ApplyAsync(DbConnection connection, int busyTimeoutMs, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Script(connection, busyTimeoutMs);
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
