using System.Collections.Concurrent;
using Agent.Activities.Cluster;
using Agent.Workflows.Persistence;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Claude;

/// <summary>
/// Asynchronous Claude runs: <see cref="StartAsync"/> returns a job id at once and the run goes on in the background.
/// Jobs live in their database (SQLite or PostgreSQL), so they outlive this instance: on first use, jobs a previous process left unfinished are
/// marked <c>interrupted</c> (keeping their session id for a resume) instead of vanishing.
/// </summary>
/// <remarks>
/// Each job is owned by this replica (<see cref="ClusterOptions.EffectiveReplicaId"/>). On PostgreSQL, where replicas
/// share the jobs, "left unfinished" means this replica's own previous jobs or jobs whose heartbeat expired, never a
/// live replica's; <see cref="ClaudeJobHeartbeat"/> calls <see cref="RenewHeartbeatsAsync"/> and
/// <see cref="SweepExpiredAsync"/> to keep this replica's jobs alive and end a dead replica's (see <see cref="ClaudeJobStore"/>).
/// </remarks>
public sealed class ClaudeJobs : IAsyncDisposable
{
    private readonly ClaudeRunner _runner;
    private readonly ClaudeJobStore _store;
    private readonly ConcurrentDictionary<string, LiveJob> _live = new();
    private readonly CancellationTokenSource _shutdown = new();
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private readonly string _replicaId;
    private readonly TimeSpan _leaseTimeout;
    private bool _initialized;

    /// <summary>
    /// Raised after a job that ran here ended and its final state was saved (not for jobs a shutdown interrupted), and
    /// for each job of a dead replica that this replica's sweep declared interrupted — so the workflows waiting on them
    /// are resumed here at once.
    /// </summary>
    public event Action<ClaudeJobStatus>? JobEnded;

    /// <summary>
    /// Creates the service on the file of <paramref name="options"/> or, when <paramref name="database"/> says PostgreSQL,
    /// schema <c>claude_jobs</c> of the shared database, owning its jobs as the replica of <paramref name="cluster"/>.
    /// </summary>
    public ClaudeJobs(ClaudeRunner runner, IOptions<ClaudeJobsOptions> options, IOptions<DatabaseOptions>? database = null, IOptions<ClusterOptions>? cluster = null)
    {
        _runner = runner;
        _store = new ClaudeJobStore(options.Value.DatabasePath, database?.Value ?? new DatabaseOptions());
        var replica = cluster?.Value ?? new ClusterOptions();
        _replicaId = replica.EffectiveReplicaId;
        _leaseTimeout = replica.LeaseTimeout;
    }

    /// <summary>The replica id written as the owner of the jobs started here.</summary>
    public string ReplicaId => _replicaId;

    /// <summary>Whether replicas share the jobs (PostgreSQL): only then do heartbeats and the sweep apply.</summary>
    public bool SharesJobs => _store.IsShared;

    /// <summary>Validates <paramref name="request"/>, records a job and starts it in the background; returns its id.</summary>
    /// <exception cref="ClaudeRequestException">The request is invalid (nothing is recorded).</exception>
    public Task<string> StartAsync(ClaudeRunRequest request, CancellationToken cancellationToken = default) =>
        StartJobAsync(request, resumedFrom: null, cancellationToken);

    /// <summary>
    /// Starts a new job that resumes the session of job <paramref name="jobId"/> (typically one left <c>interrupted</c> by a
    /// restart) in its working directory; <paramref name="request"/> gives the prompt and options, its working directory
    /// and session are taken from the old job. Returns the new job's id.
    /// </summary>
    /// <exception cref="ClaudeJobNotResumableException">No such job, it is still running, or it never reported a session.</exception>
    /// <exception cref="ClaudeRequestException">The request is invalid (nothing is recorded).</exception>
    public async Task<string> ResumeAsync(string jobId, ClaudeRunRequest request, CancellationToken cancellationToken = default)
    {
        var old = await GetStatusAsync(jobId, cancellationToken)
            ?? throw new ClaudeJobNotResumableException($"There is no job '{jobId}'; list jobs with claude_jobs_list.");
        if (!ClaudeJobState.IsFinal(old.State))
            throw new ClaudeJobNotResumableException($"Job '{jobId}' is still {old.State}; wait for it to end or cancel it first.");
        if (old.SessionId is null)
            throw new ClaudeJobNotResumableException($"Job '{jobId}' ended before the CLI reported a session, so there is nothing to resume; start a new job instead.");
        return await StartJobAsync(request with { WorkingDirectory = old.WorkingDirectory, ResumeSessionId = old.SessionId }, jobId, cancellationToken);
    }

    private async Task<string> StartJobAsync(ClaudeRunRequest request, string? resumedFrom, CancellationToken cancellationToken)
    {
        ClaudeRequestValidator.ThrowIfInvalid(request);
        await EnsureInitializedAsync(cancellationToken);
        var job = new ClaudeJobStatus
        {
            Id = Guid.NewGuid().ToString("N"),
            // Queued until a process starts: the run may wait for a slot of the global concurrency cap first.
            State = ClaudeJobState.Queued,
            WorkingDirectory = request.WorkingDirectory,
            CreatedAt = DateTimeOffset.UtcNow,
            LastEvent = resumedFrom is null ? "accepted" : $"accepted (resumes job {resumedFrom})",
            ResumedFrom = resumedFrom,
            Owner = _replicaId,
        };
        await _store.InsertAsync(job, cancellationToken);
        var live = new LiveJob(job, CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token));
        _live[job.Id] = live;
        // Not awaited: the run belongs to the job, not to the caller's request.
        live.Completion = Task.Run(() => RunAsync(live, request), CancellationToken.None);
        return job.Id;
    }

    /// <summary>The job's state and progress so far, or null when there is no such job.</summary>
    public async Task<ClaudeJobStatus?> GetStatusAsync(string id, CancellationToken cancellationToken = default)
    {
        await EnsureInitializedAsync(cancellationToken);
        // A job running here has fresher progress in memory than in the database.
        return _live.TryGetValue(id, out var live) ? live.Snapshot : await _store.GetAsync(id, cancellationToken);
    }

    /// <summary>Waits up to <paramref name="wait"/> for the job to end, then returns what is known (null: no such job).</summary>
    public async Task<ClaudeJobStatus?> GetResultAsync(string id, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        await EnsureInitializedAsync(cancellationToken);
        if (wait > TimeSpan.Zero && _live.TryGetValue(id, out var live) && live.Completion is { } completion)
            await Task.WhenAny(completion, Task.Delay(wait, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
        return await GetStatusAsync(id, cancellationToken);
    }

    /// <summary>Cancels a running job (its process tree is killed); returns false when it is not running here.</summary>
    public async Task<bool> CancelAsync(string id, CancellationToken cancellationToken = default)
    {
        await EnsureInitializedAsync(cancellationToken);
        if (!_live.TryGetValue(id, out var live)) return false;
        live.CancelledByCaller = true;
        try
        {
            await live.Cancellation.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // The job ended between the lookup and the cancel; there is nothing left to stop.
        }
        if (live.Completion is { } completion) await completion.WaitAsync(cancellationToken);
        return true;
    }

    /// <summary>Jobs newest first, optionally only those in <paramref name="state"/> (one of <see cref="ClaudeJobState.All"/>).</summary>
    /// <exception cref="ArgumentException"><paramref name="state"/> is not a known state.</exception>
    public async Task<IReadOnlyList<ClaudeJobStatus>> ListAsync(string? state = null, int limit = 100, CancellationToken cancellationToken = default)
    {
        if (state is not null && !ClaudeJobState.All.Contains(state))
            throw new ArgumentException($"state '{state}' is unknown: use one of {string.Join(", ", ClaudeJobState.All)}.", nameof(state));
        await EnsureInitializedAsync(cancellationToken);
        var stored = await _store.ListAsync(state, limit, cancellationToken);
        return [.. stored.Select(job => _live.TryGetValue(job.Id, out var live) ? live.Snapshot : job)];
    }

    /// <summary>
    /// The heartbeat (PostgreSQL only): renews, in one statement, the jobs running here. A job another replica has
    /// meanwhile declared interrupted (this replica looked dead to it) can no longer save its end, so its run is
    /// stopped; returns those jobs' ids.
    /// </summary>
    public async Task<IReadOnlyList<string>> RenewHeartbeatsAsync(CancellationToken cancellationToken = default)
    {
        if (!SharesJobs) return [];
        await EnsureInitializedAsync(cancellationToken);
        // Only jobs in _live: a row this process no longer runs (its end failed to save) must expire, not live forever.
        var running = _live.Keys.ToList();
        var renewed = await _store.RenewAsync(_replicaId, running, cancellationToken);
        // A job saving its own end right now is not renewed either, and is not lost.
        var lost = running.Where(id => !renewed.Contains(id) && _live.TryGetValue(id, out var live) && !live.Ending).ToList();
        foreach (var id in lost) await StopLostAsync(id);
        return lost;
    }

    /// <summary>
    /// The sweep (PostgreSQL only): declares interrupted every job whose heartbeat is older than
    /// <see cref="ClusterOptions.LeaseTimeout"/> — its replica died — and raises <see cref="JobEnded"/> for each job this
    /// replica was the one to end. Returns those jobs.
    /// </summary>
    public async Task<IReadOnlyList<ClaudeJobStatus>> SweepExpiredAsync(CancellationToken cancellationToken = default)
    {
        if (!SharesJobs) return [];
        await EnsureInitializedAsync(cancellationToken);
        var ended = await _store.InterruptExpiredAsync(_leaseTimeout, cancellationToken);
        foreach (var job in ended)
        {
            // A job of this very replica expires only when its heartbeats failed for a whole lease: it is over either way.
            await StopLostAsync(job.Id);
            JobEnded?.Invoke(job);
        }
        return ended;
    }

    /// <summary>Stops the background runs (their processes are killed); the jobs stay as the next instance will find them.</summary>
    public async ValueTask DisposeAsync()
    {
        await _shutdown.CancelAsync();
        await Task.WhenAll(_live.Values.Select(l => l.Completion ?? Task.CompletedTask));
        _shutdown.Dispose();
        _initLock.Dispose();
    }

    private async Task RunAsync(LiveJob live, ClaudeRunRequest request)
    {
        var progress = new JobProgress(live, snapshot => live.PendingSave = _store.UpdateAsync(snapshot, CancellationToken.None));
        ClaudeJobStatus final;
        var saved = false;
        try
        {
            var result = await _runner.RunAsync(request, progress, live.Cancellation.Token);
            var state = result.IsSuccess ? ClaudeJobState.Succeeded
                : result.Subtype == ClaudeRunSubtypes.Cancelled ? (live.CancelledByCaller ? ClaudeJobState.Cancelled : ClaudeJobState.Interrupted)
                : ClaudeJobState.Failed;
            final = live.Snapshot with
            {
                State = state, EndedAt = DateTimeOffset.UtcNow, Result = result, Turns = result.Turns, CostUsd = result.CostUsd,
                SessionId = result.SessionId ?? live.Snapshot.SessionId, Error = result.Error, LastEvent = $"result: {result.Subtype}",
            };
        }
        catch (Exception e)
        {
            final = live.Snapshot with { State = ClaudeJobState.Failed, EndedAt = DateTimeOffset.UtcNow, Error = e.Message };
        }
        live.Ending = true;
        try
        {
            // The final save below supersedes a failed session save; only its ordering matters here.
            await live.PendingSave.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            // A shutdown leaves the row running, so the next instance (or another replica's sweep) marks it interrupted as after a crash.
            // A refused save means another replica already ended the job (declared it interrupted): its word stands.
            saved = final.State != ClaudeJobState.Interrupted && await _store.UpdateAsync(final, CancellationToken.None);
        }
        finally
        {
            live.Snapshot = final;
            _live.TryRemove(live.Snapshot.Id, out _);
            live.Cancellation.Dispose();
        }
        if (saved) JobEnded?.Invoke(final);
    }

    // Kills the run of a job whose end is no longer this replica's to record; it ends like a shutdown (nothing saved).
    private async Task StopLostAsync(string id)
    {
        if (!_live.TryGetValue(id, out var live)) return;
        try
        {
            await live.Cancellation.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // The run ended meanwhile; there is nothing left to stop.
        }
    }

    private async Task EnsureInitializedAsync(CancellationToken cancellationToken)
    {
        if (_initialized) return;
        await _initLock.WaitAsync(cancellationToken);
        try
        {
            if (_initialized) return;
            await _store.InitializeAsync(_replicaId, _leaseTimeout, cancellationToken);
            _initialized = true;
        }
        finally
        {
            _initLock.Release();
        }
    }

    /// <summary>A job running in this instance.</summary>
    private sealed class LiveJob(ClaudeJobStatus initial, CancellationTokenSource cancellation)
    {
        private ClaudeJobStatus _snapshot = initial;

        public CancellationTokenSource Cancellation { get; } = cancellation;

        public Task? Completion { get; set; }

        public bool CancelledByCaller { get; set; }

        private volatile bool _ending;

        /// <summary>The run is over and its end is being saved (the heartbeat no longer renews it).</summary>
        public bool Ending
        {
            get => _ending;
            set => _ending = value;
        }

        /// <summary>The save of the session id (so a crash after it still leaves a resumable job).</summary>
        public Task PendingSave { get; set; } = Task.CompletedTask;

        public ClaudeJobStatus Snapshot
        {
            get => Volatile.Read(ref _snapshot);
            set => Volatile.Write(ref _snapshot, value);
        }
    }

    /// <summary>Folds stream events into the job's live status (turns, last event, session id).</summary>
    private sealed class JobProgress(LiveJob live, Action<ClaudeJobStatus> saveSession) : IProgress<ClaudeEvent>
    {
        private readonly HashSet<string> _messages = [];

        public void Report(ClaudeEvent value)
        {
            var current = live.Snapshot;
            live.Snapshot = value switch
            {
                ProcessStartedEvent started => current with { State = ClaudeJobState.Running, LastEvent = $"process started (attempt {started.Attempt})" },
                InitEvent init => current with { State = ClaudeJobState.Running, SessionId = init.SessionId, LastEvent = "init" },
                AssistantTextEvent text => current with { Turns = CountMessage(text.MessageId, current.Turns), LastEvent = $"text: {Shorten(text.Text)}" },
                ToolUseEvent tool => current with { Turns = CountMessage(tool.MessageId, current.Turns), LastEvent = $"tool_use: {tool.Name}" },
                ToolResultEvent result => current with { LastEvent = result.IsError ? "tool_result: error" : "tool_result" },
                PolicyDeniedEvent denied => current with { LastEvent = $"policy denied {denied.Tool} ({denied.RuleId})" },
                ResultEvent result => current with { CostUsd = result.CostUsd, LastEvent = $"result: {result.Subtype}" },
                _ => current,
            };
            if (value is InitEvent) saveSession(live.Snapshot);
        }

        private int CountMessage(string? messageId, int turns) => messageId is null || _messages.Add(messageId) ? turns + 1 : turns;

        private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
    }
}
