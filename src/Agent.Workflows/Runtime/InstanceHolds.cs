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
/// the <see cref="IInstanceRunListener"/>s when a run ends.
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

    /// <summary>Waits for the instance's in-process lock, then (across replicas) its distributed lock.</summary>
    public async ValueTask<Hold> AcquireAsync(InstanceLocks local, string instanceId, CancellationToken cancellationToken)
    {
        var held = await local.AcquireAsync(instanceId, cancellationToken);
        if (_cluster is null) return new Hold(held, null);
        try { return new Hold(held, await _cluster.AcquireAsync(AgentLockNames.Instance(instanceId), null, cancellationToken)); }
        catch
        {
            held.Dispose();
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
        try
        {
            if (await _cluster.TryAcquireAsync(AgentLockNames.Instance(instanceId), cancellationToken) is { } cluster) return new Hold(held, cluster);
        }
        catch
        {
            held.Dispose();
            throw;
        }
        held.Dispose();
        return null;
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Listener} failed after the run of instance {InstanceId} ended: {Reason}. What it held is released when this process exits at the latest.")]
    private partial void LogListenerFailed(string listener, string instanceId, string reason);

    /// <summary>Both locks of one instance; disposing releases the distributed one first.</summary>
    public readonly struct Hold(InstanceLocks.Releaser local, IAsyncDisposable? cluster) : IAsyncDisposable
    {
        /// <inheritdoc />
        public async ValueTask DisposeAsync()
        {
            try
            {
                if (cluster is not null) await cluster.DisposeAsync();
            }
            finally { local.Dispose(); }
        }
    }
}
