namespace Agent.Activities.Cluster;

/// <summary>
/// How this process takes part in a deployment of several replicas (section <c>Cluster</c>). Only read with
/// <c>Database:Provider = PostgreSql</c>, except <see cref="LockDirectory"/>, which is only read with SQLite.
/// </summary>
public sealed class ClusterOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Cluster";

    /// <summary>
    /// This replica's id, unique among the replicas sharing one database: the clustered Quartz scheduler's instance id
    /// (it recognises its own check-ins and fired triggers by it). Empty = host name and process id, which differs for
    /// every process, so a restarted replica is a new one and its predecessor's work is recovered by the cluster.
    /// </summary>
    [RegularExpression("^[A-Za-z0-9._:-]{0,100}$", ErrorMessage = "use at most 100 letters, digits, '.', '_', ':' or '-', e.g. agent-0 (empty = host name and process id).")]
    public string? ReplicaId { get; set; }

    /// <summary>How often the clustered scheduler records in the database that this replica is alive.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00", ErrorMessage = "must be between 00:00:00.100 and 00:10:00, e.g. 00:00:05.")]
    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long past a missed check-in the other replicas wait before they take over this replica's triggers.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00", ErrorMessage = "must be between 00:00:00.100 and 00:10:00, e.g. 00:00:05.")]
    public TimeSpan CheckinMisfireThreshold { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often this replica renews the leases of the instances it runs and the heartbeat of its Claude jobs
    /// (PostgreSQL), and how often it looks for expired ones.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00", ErrorMessage = "must be between 00:00:00.100 and 00:10:00, e.g. 00:00:05.")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long an instance's lease lives without a heartbeat; past it, another replica takes the instance over and
    /// continues it from its last committed activity (and declares the replica's Claude jobs interrupted). More than twice <see cref="HeartbeatInterval"/>, so one late
    /// heartbeat never hands a live replica's instance away.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.300", "01:00:00", ErrorMessage = "must be between 00:00:00.300 and 01:00:00, e.g. 00:00:15.")]
    public TimeSpan LeaseTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// With SQLite: the folder of the lock files that keep the processes of this machine apart (<c>agent run</c> and
    /// <c>agent serve</c>); relative paths resolve against the content root. Empty = <c>locks</c> beside the engine's database.
    /// </summary>
    public string? LockDirectory { get; set; }

    /// <summary>The replica id in effect: <see cref="ReplicaId"/>, or host name and process id.</summary>
    public string EffectiveReplicaId => string.IsNullOrWhiteSpace(ReplicaId) ? DefaultReplicaId() : ReplicaId;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (LeaseTimeout <= 2 * HeartbeatInterval)
            yield return new ValidationResult(
                $"is {LeaseTimeout}, which is not more than twice HeartbeatInterval ({HeartbeatInterval}); a late heartbeat would hand a live replica's instances away. Raise LeaseTimeout or lower HeartbeatInterval, e.g. 00:00:15 and 00:00:05.",
                [nameof(LeaseTimeout)]);
    }

    private static string DefaultReplicaId()
    {
        // Host names may hold characters a replica id does not allow; keep it readable and valid.
        var host = new string([.. Environment.MachineName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '-')]);
        return $"{host[..Math.Min(host.Length, 80)]}-{Environment.ProcessId}";
    }
}
