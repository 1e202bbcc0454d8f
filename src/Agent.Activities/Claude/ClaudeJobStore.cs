using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Agent.Activities.Persistence;
using Agent.Workflows.Persistence;

namespace Agent.Activities.Claude;

/// <summary>
/// Keeps jobs in the <c>claude_jobs</c> table of a SQLite file (WAL, so status reads run beside the writers) or of schema
/// <c>claude_jobs</c> on PostgreSQL.
/// </summary>
public sealed class ClaudeJobStore
{
    private const string Columns = "id, state, working_directory, created_at, ended_at, session_id, turns, cost_usd, last_event, error, result_json, resumed_from";
    private readonly ClaudeJobsDatabase _database;

    /// <summary>Uses the SQLite file at <paramref name="path"/> (created with its folder when missing).</summary>
    public ClaudeJobStore(string path) : this(path, new DatabaseOptions()) { }

    /// <summary>Uses the file at <paramref name="path"/> or, when <paramref name="database"/> says PostgreSQL, schema <c>claude_jobs</c>.</summary>
    public ClaudeJobStore(string path, DatabaseOptions database)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException("The jobs database path (Claude:Jobs:DatabasePath) is empty.", nameof(path));
        _database = new ClaudeJobsDatabase(database, path);
    }

    /// <summary>The database behind the store.</summary>
    public ClaudeJobsDatabase Database => _database;

    /// <summary>
    /// Applies the schema and marks jobs a previous process left unfinished as interrupted; returns how many. (With several
    /// replicas on one PostgreSQL database, call it only where no other replica runs jobs of the same table.)
    /// </summary>
    public Task<int> InitializeAsync(CancellationToken cancellationToken) => _database.WriteAsync(s => s.ExecuteAsync("""
        UPDATE claude_jobs SET state = 'interrupted', ended_at = @now,
            error = 'The service stopped while the job ran; resume session ' || COALESCE(session_id, '(none yet)') || ' to continue.'
        WHERE state IN ('queued', 'running')
        """, cancellationToken, ("@now", Format(DateTimeOffset.UtcNow))), cancellationToken);

    /// <summary>Adds a new job.</summary>
    public Task InsertAsync(ClaudeJobStatus job, CancellationToken cancellationToken) => ExecuteAsync(
        $"INSERT INTO claude_jobs ({Columns}) VALUES (@id, @state, @cwd, @created, @ended, @session, @turns, @cost, @last, @error, @result, @resumedFrom)",
        job, cancellationToken);

    /// <summary>
    /// Saves <paramref name="job"/> only while the stored job is still unfinished, so a late write of a process that was
    /// declared interrupted (or a finished job) is never overwritten. Returns whether it was saved.
    /// </summary>
    public async Task<bool> UpdateAsync(ClaudeJobStatus job, CancellationToken cancellationToken) => await ExecuteAsync("""
        UPDATE claude_jobs SET state = @state, ended_at = @ended, session_id = @session, turns = @turns, cost_usd = @cost,
            last_event = @last, error = @error, result_json = @result
        WHERE id = @id AND state IN ('queued', 'running')
        """, job, cancellationToken) > 0;

    /// <summary>The job with <paramref name="id"/>, or null.</summary>
    public async Task<ClaudeJobStatus?> GetAsync(string id, CancellationToken cancellationToken) =>
        (await QueryAsync($"SELECT {Columns} FROM claude_jobs WHERE id = @p", id, cancellationToken)).SingleOrDefault();

    /// <summary>Jobs newest first, optionally only those in <paramref name="state"/>.</summary>
    public Task<IReadOnlyList<ClaudeJobStatus>> ListAsync(string? state, int limit, CancellationToken cancellationToken) => state is null
        ? QueryAsync($"SELECT {Columns} FROM claude_jobs ORDER BY created_at DESC, rowid DESC LIMIT {limit}", null, cancellationToken)
        : QueryAsync($"SELECT {Columns} FROM claude_jobs WHERE state = @p ORDER BY created_at DESC, rowid DESC LIMIT {limit}", state, cancellationToken);

    /// <summary>How many jobs there are in each state (states without jobs are absent), e.g. for the queue-depth gauges.</summary>
    /// <remarks>Not <see cref="InitializeAsync"/>: that marks unfinished jobs interrupted, which only the process owning the jobs may do.</remarks>
    public async Task<IReadOnlyDictionary<string, long>> CountByStateAsync(CancellationToken cancellationToken)
    {
        var rows = await _database.ReadAsync(s => s.ListAsync("SELECT state, COUNT(*) FROM claude_jobs GROUP BY state",
            r => (State: r.GetString(0), Count: Convert.ToInt64(r.GetValue(1), CultureInfo.InvariantCulture)), cancellationToken), cancellationToken);
        return rows.ToDictionary(r => r.State, r => r.Count, StringComparer.Ordinal);
    }

    private Task<int> ExecuteAsync(string sql, ClaudeJobStatus job, CancellationToken cancellationToken) => _database.ReadAsync(s => s.ExecuteAsync(sql, cancellationToken,
        ("@id", job.Id), ("@state", job.State), ("@cwd", job.WorkingDirectory), ("@created", Format(job.CreatedAt)),
        ("@ended", job.EndedAt is { } ended ? Format(ended) : null), ("@session", job.SessionId), ("@turns", job.Turns),
        ("@cost", job.CostUsd.ToString(CultureInfo.InvariantCulture)), ("@last", job.LastEvent), ("@error", job.Error),
        ("@result", job.Result is null ? null : JsonSerializer.Serialize(job.Result)), ("@resumedFrom", job.ResumedFrom)), cancellationToken);

    private Task<IReadOnlyList<ClaudeJobStatus>> QueryAsync(string sql, string? parameter, CancellationToken cancellationToken) =>
        _database.ReadAsync<IReadOnlyList<ClaudeJobStatus>>(async s => parameter is null
            ? await s.ListAsync(sql, Read, cancellationToken)
            : await s.ListAsync(sql, Read, cancellationToken, ("@p", parameter)), cancellationToken);

    private static ClaudeJobStatus Read(DbDataReader reader) => new()
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
    };

    private static string Format(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);
}
