using System.Collections.Concurrent;
using Agent.Workflows.Cluster;
using Agent.Workflows.Runtime;

namespace Agent.Activities.Cluster;

/// <summary>
/// One cycle executes on a target repository at a time, across processes and replicas: <c>Agent.BeginCycle</c> takes
/// the target's lock (<see cref="AgentLockNames.CycleTarget"/>) and it is held until this process's run of the cycle
/// ends — it finished, failed, or suspended (e.g. waiting for an approval, when nothing touches the target).
/// </summary>
/// <remarks>
/// Held per run rather than from begin to end of the cycle because a lock belongs to one process (a database session
/// or an open file) while a suspended cycle may be resumed by another replica; the lock dies with its process, so a
/// killed replica never blocks the target.
/// </remarks>
public sealed class CycleTargetLocks(IAgentLocks locks) : IInstanceRunListener
{
    // Instance id → the target lock its current run holds.
    private readonly ConcurrentDictionary<string, IAsyncDisposable> _held = new(StringComparer.Ordinal);

    /// <summary>How many target locks this process holds now.</summary>
    public int HeldCount => _held.Count;

    /// <summary>
    /// Takes the lock of <paramref name="targetRoot"/> for cycle instance <paramref name="cycleId"/> until its run ends.
    /// </summary>
    /// <returns>Null when the cycle may go on; else why not (another cycle is running on the target).</returns>
    public async Task<string?> TryHoldAsync(string targetRoot, string cycleId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(targetRoot);
        ArgumentException.ThrowIfNullOrWhiteSpace(cycleId);
        if (_held.ContainsKey(cycleId)) return null;
        var name = AgentLockNames.CycleTarget(targetRoot);
        var handle = await locks.TryAcquireAsync(name, cancellationToken);
        if (handle is null)
            return $"another cycle is running on {targetRoot} right now (lock '{name}'); start this one again when that cycle has ended or is waiting.";
        if (!_held.TryAdd(cycleId, handle)) await handle.DisposeAsync();
        return null;
    }

    /// <inheritdoc />
    public async ValueTask RunEndedAsync(WorkflowInstance instance, CancellationToken cancellationToken)
    {
        if (_held.TryRemove(instance.Id, out var handle)) await handle.DisposeAsync();
    }
}
