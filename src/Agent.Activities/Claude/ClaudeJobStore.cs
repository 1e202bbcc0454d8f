using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Agent.Activities.Claude;

/// <summary>
/// Keeps jobs in the <c>claude_jobs</c> table of a SQLite file. WAL lets status reads run beside the writers, and a
/// busy timeout makes concurrent writers wait for the lock instead of failing.
/// </summary>
public sealed class ClaudeJobStore
{
    private const int BusyTimeoutMs = 5000;
    private const string Columns = "id, state, working_directory, created_at, ended_at, session_id, turns, cost_usd, last_event, error, result_json, resumed_from";
    private readonly string _connectionString;

    /// <summary>Uses the database file at <paramref name="path"/> (created with its folder when missing).</summary>
    public ClaudeJobStore(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException("The jobs database path (Claude:Jobs:DatabasePath) is empty.", nameof(path));
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString();
    }

    /// <summary>Creates the table and marks jobs a previous process left unfinished as interrupted; returns how many.</summary>
    public async Task<int> InitializeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS claude_jobs (
                id TEXT PRIMARY KEY, state TEXT NOT NULL, working_directory TEXT NOT NULL, created_at TEXT NOT NULL, ended_at TEXT,
                session_id TEXT, turns INTEGER NOT NULL, cost_usd TEXT NOT NULL, last_event TEXT, error TEXT, result_json TEXT,
                resumed_from TEXT);
            CREATE INDEX IF NOT EXISTS ix_claude_jobs_state ON claude_jobs (state);
            UPDATE claude_jobs SET state = 'interrupted', ended_at = $now,
                error = 'The service stopped while the job ran; resume session ' || COALESCE(session_id, '(none yet)') || ' to continue.'
            WHERE state IN ('queued', 'running');
            """;
        command.Parameters.AddWithValue("$now", Format(DateTimeOffset.UtcNow));
        var interrupted = await command.ExecuteNonQueryAsync(cancellationToken);
        await AddColumnIfMissingAsync(connection, "resumed_from", cancellationToken);
        return interrupted;
    }

    // Files written before a column existed get it added in place; rows keep NULL there.
    private static async Task AddColumnIfMissingAsync(SqliteConnection connection, string column, CancellationToken cancellationToken)
    {
        await using var probe = connection.CreateCommand();
        probe.CommandText = "SELECT COUNT(*) FROM pragma_table_info('claude_jobs') WHERE name = $name";
        probe.Parameters.AddWithValue("$name", column);
        if (Convert.ToInt64(await probe.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0) return;
        await using var alter = connection.CreateCommand();
        alter.CommandText = $"ALTER TABLE claude_jobs ADD COLUMN {column} TEXT";
        await alter.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Adds a new job.</summary>
    public Task InsertAsync(ClaudeJobStatus job, CancellationToken cancellationToken) => ExecuteAsync(
        $"INSERT INTO claude_jobs ({Columns}) VALUES ($id, $state, $cwd, $created, $ended, $session, $turns, $cost, $last, $error, $result, $resumedFrom)",
        job, cancellationToken);

    /// <summary>
    /// Saves <paramref name="job"/> only while the stored job is still unfinished, so a late write of a process that was
    /// declared interrupted (or a finished job) is never overwritten. Returns whether it was saved.
    /// </summary>
    public async Task<bool> UpdateAsync(ClaudeJobStatus job, CancellationToken cancellationToken) => await ExecuteAsync("""
        UPDATE claude_jobs SET state = $state, ended_at = $ended, session_id = $session, turns = $turns, cost_usd = $cost,
            last_event = $last, error = $error, result_json = $result
        WHERE id = $id AND state IN ('queued', 'running')
        """, job, cancellationToken) > 0;

    /// <summary>The job with <paramref name="id"/>, or null.</summary>
    public async Task<ClaudeJobStatus?> GetAsync(string id, CancellationToken cancellationToken) =>
        (await QueryAsync($"SELECT {Columns} FROM claude_jobs WHERE id = $id", ("$id", id), cancellationToken)).SingleOrDefault();

    /// <summary>Jobs newest first, optionally only those in <paramref name="state"/>.</summary>
    public Task<IReadOnlyList<ClaudeJobStatus>> ListAsync(string? state, int limit, CancellationToken cancellationToken) => state is null
        ? QueryAsync($"SELECT {Columns} FROM claude_jobs ORDER BY created_at DESC, rowid DESC LIMIT {limit}", null, cancellationToken)
        : QueryAsync($"SELECT {Columns} FROM claude_jobs WHERE state = $state ORDER BY created_at DESC, rowid DESC LIMIT {limit}", ("$state", state), cancellationToken);

    private async Task<int> ExecuteAsync(string sql, ClaudeJobStatus job, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", job.Id);
        command.Parameters.AddWithValue("$state", job.State);
        command.Parameters.AddWithValue("$cwd", job.WorkingDirectory);
        command.Parameters.AddWithValue("$created", Format(job.CreatedAt));
        command.Parameters.AddWithValue("$ended", job.EndedAt is { } ended ? Format(ended) : DBNull.Value);
        command.Parameters.AddWithValue("$session", (object?)job.SessionId ?? DBNull.Value);
        command.Parameters.AddWithValue("$turns", job.Turns);
        command.Parameters.AddWithValue("$cost", job.CostUsd.ToString(CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$last", (object?)job.LastEvent ?? DBNull.Value);
        command.Parameters.AddWithValue("$error", (object?)job.Error ?? DBNull.Value);
        command.Parameters.AddWithValue("$result", job.Result is null ? DBNull.Value : JsonSerializer.Serialize(job.Result));
        command.Parameters.AddWithValue("$resumedFrom", (object?)job.ResumedFrom ?? DBNull.Value);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<ClaudeJobStatus>> QueryAsync(string sql, (string Name, string Value)? parameter, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (parameter is { } p) command.Parameters.AddWithValue(p.Name, p.Value);
        var jobs = new List<ClaudeJobStatus>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            jobs.Add(new ClaudeJobStatus
            {
                Id = reader.GetString(0),
                State = reader.GetString(1),
                WorkingDirectory = reader.GetString(2),
                CreatedAt = DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture),
                EndedAt = reader.IsDBNull(4) ? null : DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture),
                SessionId = reader.IsDBNull(5) ? null : reader.GetString(5),
                Turns = reader.GetInt32(6),
                CostUsd = decimal.Parse(reader.GetString(7), CultureInfo.InvariantCulture),
                LastEvent = reader.IsDBNull(8) ? null : reader.GetString(8),
                Error = reader.IsDBNull(9) ? null : reader.GetString(9),
                Result = reader.IsDBNull(10) ? null : JsonSerializer.Deserialize<ClaudeRunResult>(reader.GetString(10)),
                ResumedFrom = reader.IsDBNull(11) ? null : reader.GetString(11),
            });
        }
        return jobs;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMs};";
        await command.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    private static string Format(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);
}
