namespace Agent.Workflows.Cluster;

/// <summary>
/// Leases on running instances across replicas: the replica executing an instance owns its lease and renews it with
/// a heartbeat; a lease nobody renewed for <see cref="LeaseTimeout"/> belongs to a dead replica, and another replica
/// may take the instance over. Registered only when the deployment spans replicas (PostgreSQL); on one machine
/// start-up recovery continues interrupted instances instead.
/// </summary>
/// <remarks>
/// A lease never replaces the instance lock (<see cref="AgentLockNames.Instance"/>): every claim is made while holding
/// it, so two replicas never execute one instance even when a heartbeat is late. The lease says which running
/// instances are orphaned and whose they were, which a free lock alone cannot (it is also free between two runs).
/// </remarks>
public interface IInstanceLeases
{
    /// <summary>This replica's id, written as the owner of the leases it claims.</summary>
    string ReplicaId { get; }

    /// <summary>How long a lease lives without a heartbeat.</summary>
    TimeSpan LeaseTimeout { get; }

    /// <summary>
    /// Claims the lease of <paramref name="instanceId"/> for this replica whoever held it (the caller holds the
    /// instance lock, so no live replica is executing it).
    /// </summary>
    /// <returns>The previous owner when it was another replica, else null.</returns>
    Task<string?> ClaimAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims the lease only when it is free: no lease, an expired one, or this replica's own. The caller holds the
    /// instance lock.
    /// </summary>
    /// <returns>Whether it was claimed, and the previous owner when that was another replica.</returns>
    Task<LeaseClaim> TryClaimAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Drops this replica's lease of <paramref name="instanceId"/> (its run ended).</summary>
    Task ReleaseAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>The heartbeat: extends every lease this replica owns by <see cref="LeaseTimeout"/> from now.</summary>
    /// <returns>How many leases were renewed.</returns>
    Task<int> RenewAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Ids of the running instances whose lease has expired or which have none, oldest first. Expired leases of
    /// instances that are not running (nothing to take over) are dropped on the way.
    /// </summary>
    Task<IReadOnlyList<string>> FindOrphanedAsync(CancellationToken cancellationToken = default);
}

/// <summary>The result of <see cref="IInstanceLeases.TryClaimAsync"/>.</summary>
/// <param name="Claimed">True when this replica now owns the lease.</param>
/// <param name="PreviousOwner">The replica whose expired lease was taken over; null when there was none or it was this one.</param>
public readonly record struct LeaseClaim(bool Claimed, string? PreviousOwner);

/// <summary>Told when this replica took over an instance from a replica whose lease expired (e.g. to count it).</summary>
public interface IInstanceTakeoverListener
{
    /// <summary><paramref name="newOwner"/> took <paramref name="instanceId"/> over from <paramref name="previousOwner"/>.</summary>
    ValueTask TakenOverAsync(string instanceId, string previousOwner, string newOwner, CancellationToken cancellationToken);
}
