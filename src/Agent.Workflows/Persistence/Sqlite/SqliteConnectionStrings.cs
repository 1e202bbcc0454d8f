using Microsoft.Data.Sqlite;

namespace Agent.Workflows.Persistence.Sqlite;

/// <summary>Turns <see cref="PersistenceOptions"/> into a SQLite connection string and back into a file path.</summary>
internal static class SqliteConnectionStrings
{
    public static string Build(PersistenceOptions options)
    {
        var builder = string.IsNullOrWhiteSpace(options.ConnectionString)
            ? new SqliteConnectionStringBuilder { DataSource = options.DatabasePath, Mode = SqliteOpenMode.ReadWriteCreate }
            : new SqliteConnectionStringBuilder(options.ConnectionString);
        builder.Pooling = true;
        // Microsoft.Data.Sqlite retries SQLITE_BUSY for the command timeout on top of SQLite's own busy handler;
        // matching the two keeps the configured busy timeout the real upper bound of a wait.
        builder.DefaultTimeout = Math.Max(1, (options.BusyTimeoutMs + 999) / 1000);
        return builder.ToString();
    }

    /// <summary>The database file named by a connection string, or null for an in-memory or temporary database.</summary>
    public static string? DatabaseFile(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var source = builder.DataSource;
        if (builder.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(source) || source == ":memory:") return null;
        if (source.StartsWith("file:", StringComparison.OrdinalIgnoreCase)) return null;
        return Path.GetFullPath(source);
    }
}
