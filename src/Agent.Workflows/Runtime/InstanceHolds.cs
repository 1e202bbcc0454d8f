using Agent.Workflows.Cluster;
using Agent.Workflows.Execution;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agent.Workflows.Runtime;

/// <summary>
/// What <see cref="WorkflowRuntime"/> holds while it executes an instance: the in-process lock (threads of this
/// process queue there cheaply) and, when the deployment spans replicas, the instance's distributed lock
/// (<see cref="AgentLockNames.Instance"/>), so two replicas never execute or resume one instance at once. Also tells
/// the <see cref="IInstanceRunListener"/>s when a run ends. With <see cref="IInstanceLeases"/> registered, every hold
/// also owns the instance's lease, claimed under the distributed lock and dropped before it is released.
/// </summary>
/// <remarks>
/// On one machine (SQLite) no distributed lock is taken: the store's revision-checked claim already lets exactly one
/// of two resumers win, and issue 22 benchmarks resume latency, which a lock file per resume would only add to.
/// </remarks>
internal sealed partial class InstanceHolds(IServiceProvider services)
{
    private readonly ILogger _logger = services.GetService<ILogger<InstanceHolds>>() ?? (ILogger)NullLogger.Instance;
    private readonly IAgentLocks? _cluster = services.GetService<IAgentLocks>() is { SpansReplicas: true } locks ? locks : null;
    private readonly IInstanceRunListener[] _listeners = [.. services.GetServices<IInstanceRunListener>()];
    private readonly IInstanceLeases? _leases = services.GetService<IInstanceLeases>();
    private readonly IInstanceTakeoverListener[] _takeovers = [.. services.GetServices<IInstanceTakeoverListener>()];

    /// <summary>Waits for the instance's in-process lock, then (across replicas) its distributed lock.</summary>
    public async ValueTask<Hold> AcquireAsync(InstanceLocks local, string instanceId, CancellationToken cancellationToken)
    {
        var held = await local.AcquireAsync(instanceId, cancellationToken);
        if (_cluster is null) return new Hold(held, null);
        IAsyncDisposable? cluster = null;
        try
        {
            cluster = await _cluster.AcquireAsync(AgentLockNames.Instance(instanceId), null, cancellationToken);
            if (_leases is not null && await _leases.ClaimAsync(instanceId, cancellationToken) is { } previous)
                await TakenOverAsync(instanceId, previous);
            return new Hold(held, cluster, _leases, instanceId);
        }
        catch
        {
            await ReleaseQuietlyAsync(held, cluster);
            throw;
        }
    }

    /// <summary>
    /// Like <see cref="AcquireAsync"/>, but gives up at once (null) when another replica holds the instance — it is
    /// executing it. The in-process lock is still waited for: only this process's own threads hold it.
    /// </summary>
    public async ValueTask<Hold?> TryAcquireAsync(InstanceLocks local, string instanceId, CancellationToken cancellationToken)
    {
        var held = await local.AcquireAsync(instanceId, cancellationToken);
        if (_cluster is null) return new Hold(held, null);
        IAsyncDisposable? cluster = null;
        try
        {
            cluster = await _cluster.TryAcquireAsync(AgentLockNames.Instance(instanceId), cancellationToken);
            // A free lock with a live lease is an instance between two runs of a live replica, not an orphan.
            if (cluster is not null && _leases is not null)
            {
                var claim = await _leases.TryClaimAsync(instanceId, cancellationToken);
                if (!claim.Claimed)
                {
                    await ReleaseQuietlyAsync(held, cluster);
                    return null;
                }
                if (claim.PreviousOwner is { } previous) await TakenOverAsync(instanceId, previous);
            }
            if (cluster is not null) return new Hold(held, cluster, _leases, instanceId);
        }
        catch
        {
            await ReleaseQuietlyAsync(held, cluster);
            throw;
        }
        held.Dispose();
        return null;
    }

    private static async ValueTask ReleaseQuietlyAsync(InstanceLocks.Releaser held, IAsyncDisposable? cluster)
    {
        try
        {
            if (cluster is not null) await cluster.DisposeAsync();
        }
        finally { held.Dispose(); }
    }

    private async ValueTask TakenOverAsync(string instanceId, string previousOwner)
    {
        var replica = _leases!.ReplicaId;
        LogTakenOver(instanceId, previousOwner, replica);
        // Counting a takeover must not undo it: the instance is claimed and about to continue.
        foreach (var listener in _takeovers)
        {
            try { await listener.TakenOverAsync(instanceId, previousOwner, replica, CancellationToken.None); }
            catch (Exception e) { LogListenerFailed(listener.GetType().Name, instanceId, e.Message); }
        }
    }

    /// <summary>Tells every listener that this process's run of <paramref name="instance"/> ended.</summary>
    public async ValueTask RunEndedAsync(WorkflowInstance instance)
    {
        // A listener only lets go of what a run held; its failure must not turn a committed run into a failed call.
        foreach (var listener in _listeners)
        {
            try { await listener.RunEndedAsync(instance, CancellationToken.None); }
            catch (Exception e) { LogListenerFailed(listener.GetType().Name, instance.Id, e.Message); }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lease takeover: instance {InstanceId} taken over from replica {PreviousOwner}, whose lease expired, by replica {NewOwner}; it continues from its last committed activity.")]
    private partial void LogTakenOver(string instanceId, string previousOwner, string newOwner);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Listener} failed after the run of instance {InstanceId} ended: {Reason}. What it held is released when this process exits at the latest.")]
    private partial void LogListenerFailed(string listener, string instanceId, string reason);

    /// <summary>
    /// Both locks of one instance and its lease; disposing drops the lease, then releases the distributed lock, then
    /// the in-process one.
    /// </summary>
    public readonly struct Hold(InstanceLocks.Releaser local, IAsyncDisposable? cluster, IInstanceLeases? leases = null, string? instanceId = null) : IAsyncDisposable
    {
        /// <inheritdoc />
        public async ValueTask DisposeAsync()
        {
            try
            {
                // A lease left behind (the database was unreachable) only expires: the instance is no longer Running,
                // or it is and another replica rightly continues it.
                if (leases is not null && instanceId is not null)
                {
                    try { await leases.ReleaseAsync(instanceId, CancellationToken.None); }
                    catch (Exception e) when (e is not OutOfMemoryException) { }
                }
                if (cluster is not null) await cluster.DisposeAsync();
            }
            finally { local.Dispose(); }
        }
    }
}
