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
/// <remarks>
/// Each job records the replica running it (<c>owner</c>, <c>Cluster:ReplicaId</c>) and that replica's last heartbeat
/// (<c>heartbeat_at</c>, the database's clock). A job's process lives in its replica, so a job is never moved: when its
/// replica is gone, the job ends <c>interrupted</c> (its session kept for a resume) and the workflow waiting on it
/// continues. Who may declare that: on SQLite (one machine) the process that opens the file, for every unfinished job;
/// on PostgreSQL a replica for its own previous jobs at start (a restart under the same id), and any replica for jobs
/// whose heartbeat is older than the lease timeout (<see cref="InterruptExpiredAsync"/>). Every such change and every
/// update is one conditional <c>UPDATE … WHERE state IN ('queued', 'running')</c>, so of several writers exactly one
/// ends a job and a late write of a replica declared dead changes nothing. See docs/production/cluster.md.
/// </remarks>
public sealed class ClaudeJobStore
{
    private const string Columns = "id, state, working_directory, created_at, ended_at, session_id, turns, cost_usd, last_event, error, result_json, resumed_from, owner, heartbeat_at";
    private const string Unfinished = "state IN ('queued', 'running')";
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

    /// <summary>Whether jobs are shared by replicas (PostgreSQL), so heartbeats and expiry decide whose jobs end.</summary>
    public bool IsShared => _database.Provider == DatabaseProvider.PostgreSql;

    /// <summary>
    /// Applies the schema and marks interrupted the jobs a previous process left unfinished; returns how many. On SQLite
    /// that is every unfinished job of the file; on PostgreSQL only the jobs of <paramref name="owner"/> (this replica
    /// restarted) and those whose heartbeat is older than <paramref name="leaseTimeout"/> or missing (their replica died,
    /// or wrote them before heartbeats existed) — other live replicas' jobs keep running.
    /// </summary>
    public Task<int> InitializeAsync(string owner, TimeSpan leaseTimeout, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        return _database.WriteAsync(s => s.ExecuteAsync($"""
            UPDATE claude_jobs SET state = 'interrupted', ended_at = @now,
                error = 'The service stopped while the job ran; resume session ' || COALESCE(session_id, '(none yet)') || ' to continue.'
            WHERE {Unfinished}{(IsShared ? $" AND (owner = @owner OR owner IS NULL OR heartbeat_at IS NULL OR heartbeat_at < {ClaudeJobClock.Cutoff(s)})" : "")}
            """, cancellationToken, ("@now", Format(DateTimeOffset.UtcNow)), ("@owner", owner), ClaudeJobClock.Timeout(leaseTimeout)), cancellationToken);
    }

    /// <summary>
    /// The heartbeat: renews, in one statement, the jobs among <paramref name="ids"/> that <paramref name="owner"/>
    /// owns and that are still unfinished. Returns the ids renewed; a listed id missing from them was ended by someone
    /// else (another replica declared this one dead), so its run must stop.
    /// </summary>
    public async Task<IReadOnlySet<string>> RenewAsync(string owner, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0) return new HashSet<string>(StringComparer.Ordinal);
        var parameters = ids.Select((id, i) => ($"@j{i}", (object?)id)).Append(("@owner", owner)).ToArray();
        var renewed = await _database.ReadAsync(s => s.ListAsync($"""
            UPDATE claude_jobs SET heartbeat_at = {ClaudeJobClock.Now(s)}
            WHERE owner = @owner AND {Unfinished} AND id IN ({string.Join(", ", parameters[..^1].Select(p => p.Item1))})
            RETURNING id
            """, r => r.GetString(0), cancellationToken, parameters), cancellationToken);
        return renewed.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// The sweep: marks interrupted every unfinished job whose heartbeat is older than <paramref name="leaseTimeout"/>
    /// (or missing), and returns the jobs this call ended. Of several replicas sweeping at once each job is returned to
    /// exactly one — the one whose conditional update changed it — so only that one needs to wake its workflow.
    /// </summary>
    public Task<IReadOnlyList<ClaudeJobStatus>> InterruptExpiredAsync(TimeSpan leaseTimeout, CancellationToken cancellationToken) =>
        _database.WriteAsync<IReadOnlyList<ClaudeJobStatus>>(async s => await s.ListAsync($"""
            UPDATE claude_jobs SET state = 'interrupted', ended_at = @now,
                error = 'Replica ' || COALESCE(owner, '(unknown)') || ' stopped renewing the job (Cluster:LeaseTimeout passed without a heartbeat); resume session '
                    || COALESCE(session_id, '(none yet)') || ' to continue.'
            WHERE {Unfinished} AND (heartbeat_at IS NULL OR heartbeat_at < {ClaudeJobClock.Cutoff(s)})
            RETURNING {Columns}
            """, Read, cancellationToken, ("@now", Format(DateTimeOffset.UtcNow)), ClaudeJobClock.Timeout(leaseTimeout)), cancellationToken);

    /// <summary>Adds a new job, owned by <see cref="ClaudeJobStatus.Owner"/> with its first heartbeat now.</summary>
    public Task InsertAsync(ClaudeJobStatus job, CancellationToken cancellationToken) => ExecuteAsync(s =>
        $"INSERT INTO claude_jobs ({Columns}) VALUES (@id, @state, @cwd, @created, @ended, @session, @turns, @cost, @last, @error, @result, @resumedFrom, @owner, {ClaudeJobClock.Now(s)})",
        job, cancellationToken);

    /// <summary>
    /// Saves <paramref name="job"/> only while the stored job is still unfinished, so a late write of a process that was
    /// declared interrupted (or a finished job) is never overwritten. Returns whether it was saved.
    /// </summary>
    public async Task<bool> UpdateAsync(ClaudeJobStatus job, CancellationToken cancellationToken) => await ExecuteAsync(_ => $"""
        UPDATE claude_jobs SET state = @state, ended_at = @ended, session_id = @session, turns = @turns, cost_usd = @cost,
            last_event = @last, error = @error, result_json = @result
        WHERE id = @id AND {Unfinished}
        """, job, cancellationToken) > 0;

    /// <summary>The job with <paramref name="id"/>, or null.</summary>
    public async Task<ClaudeJobStatus?> GetAsync(string id, CancellationToken cancellationToken) =>
        (await QueryAsync($"SELECT {Columns} FROM claude_jobs WHERE id = @p", id, cancellationToken)).SingleOrDefault();

    /// <summary>Jobs newest first, optionally only those in <paramref name="state"/>.</summary>
    public Task<IReadOnlyList<ClaudeJobStatus>> ListAsync(string? state, int limit, CancellationToken cancellationToken) => state is null
        ? QueryAsync($"SELECT {Columns} FROM claude_jobs ORDER BY created_at DESC, rowid DESC LIMIT {limit}", null, cancellationToken)
        : QueryAsync($"SELECT {Columns} FROM claude_jobs WHERE state = @p ORDER BY created_at DESC, rowid DESC LIMIT {limit}", state, cancellationToken);

    /// <summary>How many jobs there are in each state (states without jobs are absent), e.g. for the queue-depth gauges.</summary>
    /// <remarks>Not <see cref="InitializeAsync"/>: that marks unfinished jobs interrupted, which only the replica owning the jobs may do.</remarks>
    public async Task<IReadOnlyDictionary<string, long>> CountByStateAsync(CancellationToken cancellationToken)
    {
        var rows = await _database.ReadAsync(s => s.ListAsync("SELECT state, COUNT(*) FROM claude_jobs GROUP BY state",
            r => (State: r.GetString(0), Count: Convert.ToInt64(r.GetValue(1), CultureInfo.InvariantCulture)), cancellationToken), cancellationToken);
        return rows.ToDictionary(r => r.State, r => r.Count, StringComparer.Ordinal);
    }

    // The SQL is built per session because the heartbeat's clock is provider-specific SQL.
    private Task<int> ExecuteAsync(Func<SqlSession, string> sql, ClaudeJobStatus job, CancellationToken cancellationToken) => _database.ReadAsync(s => s.ExecuteAsync(sql(s), cancellationToken,
        ("@id", job.Id), ("@state", job.State), ("@cwd", job.WorkingDirectory), ("@created", Format(job.CreatedAt)),
        ("@ended", job.EndedAt is { } ended ? Format(ended) : null), ("@session", job.SessionId), ("@turns", job.Turns),
        ("@cost", job.CostUsd.ToString(CultureInfo.InvariantCulture)), ("@last", job.LastEvent), ("@error", job.Error),
        ("@result", job.Result is null ? null : JsonSerializer.Serialize(job.Result)), ("@resumedFrom", job.ResumedFrom), ("@owner", job.Owner)), cancellationToken);

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
        Owner = reader.IsDBNull(12) ? null : reader.GetString(12),
        HeartbeatAt = reader.IsDBNull(13) ? null : DateTimeOffset.Parse(reader.GetString(13), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
    };

    private static string Format(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);
}
