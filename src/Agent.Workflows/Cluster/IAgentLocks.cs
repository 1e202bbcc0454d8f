namespace Agent.Workflows.Cluster;

/// <summary>
/// Named mutual-exclusion locks shared by every process of one deployment: with PostgreSQL, advisory locks on the
/// shared database (every replica); with SQLite, lock files on the machine (<c>agent run</c> and <c>agent serve</c>).
/// A held lock is released by disposing its handle, and also when its holder dies — a killed process never leaves a
/// lock behind.
/// </summary>
public interface IAgentLocks
{
    /// <summary>
    /// True when the locks exclude other machines (PostgreSQL); false when they only exclude the processes of this
    /// machine (SQLite). Callers whose other guarantees already hold on one machine skip the lock when false.
    /// </summary>
    bool SpansReplicas { get; }

    /// <summary>Takes the lock <paramref name="name"/> if it is free right now; null when someone else holds it.</summary>
    Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Waits for the lock <paramref name="name"/> (at most <paramref name="timeout"/>; null = until cancelled).</summary>
    /// <exception cref="TimeoutException">The lock was still held by someone else after <paramref name="timeout"/>.</exception>
    Task<IAsyncDisposable> AcquireAsync(string name, TimeSpan? timeout = null, CancellationToken cancellationToken = default);
}

/// <summary>
/// The names of the locks the agent takes, in one place so every replica spells them the same way
/// (docs/production/cluster.md lists them).
/// </summary>
public static class AgentLockNames
{
    /// <summary>Held while a replica executes instance <paramref name="instanceId"/> (start, resume, recovery, cancel).</summary>
    public static string Instance(string instanceId) => $"instance:{instanceId}";

    /// <summary>Held while a cycle on the target repository at <paramref name="targetRoot"/> executes on one replica.</summary>
    public static string CycleTarget(string targetRoot) => $"cycle-target:{targetRoot.TrimEnd('/', '\\')}";

    /// <summary>Held while one replica brings the clustered Quartz schedule in line with the published definitions.</summary>
    public const string ScheduleSync = "schedule-sync";

    /// <summary>Held while one replica sweeps finished instances the retention limits no longer keep.</summary>
    public const string RetentionSweep = "retention-sweep";
}
