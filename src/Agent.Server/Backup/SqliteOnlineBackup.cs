using Microsoft.Data.Sqlite;

namespace Agent.Server.Backup;

/// <summary>
/// Copies SQLite databases with SQLite's online backup API, which reads a consistent snapshot while a running server
/// keeps writing, and checks copies with <c>PRAGMA integrity_check</c>. Connections are not pooled, so no file stays
/// open after a call.
/// </summary>
public sealed class SqliteOnlineBackup
{
    /// <summary>Copies <paramref name="source"/> to <paramref name="destination"/> (created) as one self-contained file.</summary>
    /// <returns>The source's journal mode, to set again when the copy is restored.</returns>
    public async Task<string> CopyAsync(string source, string destination, CancellationToken cancellationToken)
    {
        string journalMode;
        // ReadWrite, not ReadWriteCreate: a database that vanished is an error, not a new empty file.
        await using (var from = new SqliteConnection(ConnectionString(source, SqliteOpenMode.ReadWrite)))
        await using (var to = new SqliteConnection(ConnectionString(destination, SqliteOpenMode.ReadWriteCreate)))
        {
            await from.OpenAsync(cancellationToken);
            await to.OpenAsync(cancellationToken);
            journalMode = await JournalModeAsync(from, null, cancellationToken);
            from.BackupDatabase(to);
            // The copy inherits the source's WAL mode; a rollback journal keeps it one file that opens without a -wal beside it.
            await JournalModeAsync(to, "DELETE", cancellationToken);
        }
        FileChecksum.FlushToDisk(destination);
        return journalMode;
    }

    /// <summary>
    /// Gives a restored file back its journal mode. The stores expect the mode they created (WAL): some switch it on
    /// connections that cannot write, which works only when the file already is in that mode.
    /// </summary>
    public async Task SetJournalModeAsync(string path, string journalMode, CancellationToken cancellationToken)
    {
        await using (var connection = new SqliteConnection(ConnectionString(path, SqliteOpenMode.ReadWrite)))
        {
            await connection.OpenAsync(cancellationToken);
            await JournalModeAsync(connection, journalMode, cancellationToken);
        }
        FileChecksum.FlushToDisk(path);
    }

    private static async Task<string> JournalModeAsync(SqliteConnection connection, string? set, CancellationToken cancellationToken)
    {
        if (set is not null && !set.All(char.IsAsciiLetter)) throw new ArgumentException($"'{set}' is not a SQLite journal mode.", nameof(set));
        await using var command = connection.CreateCommand();
        command.CommandText = set is null ? "PRAGMA journal_mode;" : $"PRAGMA journal_mode = {set};";
        return Convert.ToString(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) ?? "delete";
    }

    /// <summary>Opens <paramref name="path"/> read-only and runs <c>PRAGMA integrity_check</c>; null when it is sound, else what is wrong.</summary>
    public async Task<string?> CheckAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new SqliteConnection(ConnectionString(path, SqliteOpenMode.ReadOnly));
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA integrity_check;";
            var lines = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
                while (await reader.ReadAsync(cancellationToken)) lines.Add(reader.GetString(0));
            return lines is ["ok"] ? null : $"integrity_check: {string.Join("; ", lines.Take(5))}";
        }
        catch (SqliteException e)
        {
            return $"not a sound SQLite database ({e.Message})";
        }
    }

    private static string ConnectionString(string path, SqliteOpenMode mode) =>
        new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString();
}
