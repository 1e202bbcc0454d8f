using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Agent.Workflows.Persistence.Sqlite;

/// <summary>
/// The per-connection settings every SQLite connection of the engine (and of the knowledge base, which keeps the
/// same promises) runs with, in one place so the EF Core connections and the raw commit connections cannot drift apart.
/// </summary>
public static class SqlitePragmas
{
    // WAL lets readers proceed while one writer commits. synchronous=NORMAL in WAL mode loses no committed data
    // when the process crashes (only on power loss may the last commits roll back) and avoids an fsync per commit.
    // A read-only connection (EF Core opens one to check that the file exists) cannot switch a new database to
    // WAL; it gets the other settings, and the first read-write connection switches the file. The busy timeout comes
    // first, so that the switch to WAL waits for another process's lock instead of failing at once.
    /// <summary>The settings script for <paramref name="connection"/>: WAL (unless read-only), synchronous=NORMAL, the busy timeout, foreign keys.</summary>
    public static string Script(DbConnection connection, int busyTimeoutMs)
    {
        var settings = $"PRAGMA busy_timeout={Math.Max(0, busyTimeoutMs)}; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";
        return IsReadOnly(connection) ? settings : settings + " PRAGMA journal_mode=WAL;";
    }

    private static bool IsReadOnly(DbConnection connection) =>
        new SqliteConnectionStringBuilder(connection.ConnectionString).Mode == SqliteOpenMode.ReadOnly;

    internal static void Apply(DbConnection connection, int busyTimeoutMs)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Script(connection, busyTimeoutMs);
        Execute(connection, () => command.ExecuteNonQuery());
    }

    internal static async Task ApplyAsync(DbConnection connection, int busyTimeoutMs, CancellationToken cancellationToken)
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
