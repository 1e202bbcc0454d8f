using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Agent.Activities.Guards;

/// <summary>The guard's counters in SQLite: cycles started (with their spend) and attempts per gap, plus parked gaps.</summary>
public sealed class CycleGuardStore
{
    private const string Schema = """
                    CREATE TABLE IF NOT EXISTS guard_cycles (cycle_id TEXT PRIMARY KEY, started_at TEXT NOT NULL, day TEXT NOT NULL,
                        tokens INTEGER NOT NULL DEFAULT 0, usd TEXT NOT NULL DEFAULT '0');
                    CREATE INDEX IF NOT EXISTS ix_guard_cycles_day ON guard_cycles (day);
                    CREATE TABLE IF NOT EXISTS guard_gap_attempts (gap TEXT NOT NULL, cycle_id TEXT, at TEXT NOT NULL, succeeded INTEGER NOT NULL);
                    CREATE INDEX IF NOT EXISTS ix_guard_gap_attempts_gap ON guard_gap_attempts (gap);
                    CREATE TABLE IF NOT EXISTS guard_parked_gaps (gap TEXT PRIMARY KEY, parked_at TEXT NOT NULL, reason TEXT NOT NULL);
                    CREATE TABLE IF NOT EXISTS guard_applied_once (key TEXT PRIMARY KEY, at TEXT NOT NULL);
        """;

    private readonly SqliteSchemaFile _file;

    /// <summary>Uses the SQLite file at <paramref name="path"/>.</summary>
    public CycleGuardStore(string path)
    {
        _file = new SqliteSchemaFile(path, Schema);
    }

    internal static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>Runs <paramref name="work"/> in one immediate (write-locking) transaction, so check-then-write is atomic across processes.</summary>
    public async Task<T> InTransactionAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using (var begin = connection.CreateCommand()) { begin.CommandText = "BEGIN IMMEDIATE"; await begin.ExecuteNonQueryAsync(cancellationToken); }
        try
        {
            var result = await work(connection);
            await using (var commit = connection.CreateCommand()) { commit.CommandText = "COMMIT"; await commit.ExecuteNonQueryAsync(cancellationToken); }
            return result;
        }
        catch
        {
            await using (var rollback = connection.CreateCommand()) { rollback.CommandText = "ROLLBACK"; await rollback.ExecuteNonQueryAsync(CancellationToken.None); }
            throw;
        }
    }

    /// <summary>
    /// Marks the operation <paramref name="key"/> applied, inside the caller's transaction; false when it already was,
    /// so the caller skips its writes. This is what makes a step that is re-run after a crash count once.
    /// </summary>
    internal static async Task<bool> TryApplyOnceAsync(SqliteConnection connection, string key, string at, CancellationToken cancellationToken) =>
        await ExecuteAsync(connection, "INSERT OR IGNORE INTO guard_applied_once (key, at) VALUES ($key, $at)", cancellationToken, ("$key", key), ("$at", at)) == 1;

    internal static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    internal static async Task<int> ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => _file.OpenAsync(cancellationToken);
}
