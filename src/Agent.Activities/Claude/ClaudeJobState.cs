namespace Agent.Activities.Claude;

/// <summary>The states of an asynchronous Claude job (stored as these lower-case names).</summary>
public static class ClaudeJobState
{
    /// <summary>Accepted, not started yet.</summary>
    public const string Queued = "queued";

    /// <summary>The run is in progress.</summary>
    public const string Running = "running";

    /// <summary>The run ended successfully.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>The run ended with an error.</summary>
    public const string Failed = "failed";

    /// <summary>The caller cancelled the job.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>The service stopped while the job ran; resume its session to continue.</summary>
    public const string Interrupted = "interrupted";

    /// <summary>Every state.</summary>
    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal) { Queued, Running, Succeeded, Failed, Cancelled, Interrupted };

    /// <summary>Whether a job in <paramref name="state"/> will not change any more.</summary>
    public static bool IsFinal(string state) => state is Succeeded or Failed or Cancelled or Interrupted;
}

/// <summary>What is known about a job: its state, progress so far and, once it ended, its result.</summary>
public sealed record ClaudeJobStatus
{
    /// <summary>The job id.</summary>
    public required string Id { get; init; }

    /// <summary>One of <see cref="ClaudeJobState"/>.</summary>
    public required string State { get; init; }

    /// <summary>The working directory of the run.</summary>
    public required string WorkingDirectory { get; init; }

    /// <summary>When the job was accepted.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it ended; null while it runs.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Time from acceptance to the end (or to now, while it runs).</summary>
    public TimeSpan Elapsed => (EndedAt ?? DateTimeOffset.UtcNow) - CreatedAt;

    /// <summary>The session, once the CLI reported it; resume it to continue an interrupted job.</summary>
    public string? SessionId { get; init; }

    /// <summary>Assistant messages seen so far (the result's turn count once it ended).</summary>
    public int Turns { get; init; }

    /// <summary>Cost so far (the CLI only prices the run at its end).</summary>
    public decimal CostUsd { get; init; }

    /// <summary>A short description of the last event.</summary>
    public string? LastEvent { get; init; }

    /// <summary>Why the job failed or was interrupted.</summary>
    public string? Error { get; init; }

    /// <summary>The run's result once it ended normally.</summary>
    public ClaudeRunResult? Result { get; init; }

    /// <summary>The job whose session this job resumed (see <see cref="ClaudeJobs.ResumeAsync"/>), if any.</summary>
    public string? ResumedFrom { get; init; }

    /// <summary>The replica that runs (or ran) the job (<c>Cluster:ReplicaId</c>); null for jobs recorded before replicas were.</summary>
    public string? Owner { get; init; }

    /// <summary>The owner's last heartbeat for the job (the database's clock); set by the store, ignored when saving.</summary>
    public DateTimeOffset? HeartbeatAt { get; init; }
}

/// <summary>Where asynchronous jobs are kept (configuration section <c>Claude:Jobs</c>).</summary>
public sealed class ClaudeJobsOptions
{
    /// <summary>The SQLite file holding the <c>claude_jobs</c> table.</summary>
    public string DatabasePath { get; set; } = ".data/claude-jobs.db";
}
