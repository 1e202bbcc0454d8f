using System.Collections.Concurrent;
using Agent.Workflows.Model;
using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;

namespace Agent.Activities.Coordination.Spawning;

/// <summary>
/// Runs worker instances on the thread pool: the engine runs a started instance until it waits or ends, and a worker
/// runs a Claude process for minutes, which a spawn (or the coordinating workflow's step) must not wait for. It waits
/// only until the engine has stored the new instance (<see cref="WorkflowRuntime.DispatchAsync"/>), so the spawner can
/// record the worker as started knowing the instance exists: from then on a missing instance is one that ended and was
/// deleted, never one still on its way. The instance id is fixed by the caller, so a launch repeated after a crash finds
/// the instance and starts none, and a launch of an id already being launched in this process joins that launch.
/// </summary>
public sealed class WorkerLauncher(WorkflowRuntime runtime, IWorkflowInstanceStore instances)
{
    // Per instance id launched in this process until its run ends: the dispatch (done once the instance is stored),
    // and the end of its run.
    private readonly ConcurrentDictionary<string, Launch> _launches = new(StringComparer.Ordinal);
    private readonly Lock _launching = new();

    private sealed record Launch(Task<Task<WorkflowInstance>> Stored, Task Ended);

    /// <summary>
    /// Starts an instance of <paramref name="definition"/> with <paramref name="options"/> in the background and waits
    /// until it is stored: true once it is (even when it has ended and been deleted since), false when the launch failed
    /// before storing it (it can be launched again).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="options"/> names no instance id.</exception>
    public async Task<bool> LaunchAsync(WorkflowDefinition definition, StartWorkflowOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var instanceId = options.InstanceId;
        if (string.IsNullOrEmpty(instanceId))
            throw new ArgumentException("A worker launch needs a fixed InstanceId, so that a launch repeated after a crash finds the instance; derive it from the agent id (AgentSpawner.InstanceIdFor).", nameof(options));
        // A launch repeated after a crash: the instance is there already, and starting it again would only be refused.
        if (await instances.FindAsync(instanceId, cancellationToken) is not null) return true;
        var launch = Start(definition, options, instanceId);
        try
        {
            await launch.Stored.WaitAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Not stored by this launch; another process (or an earlier launch) may have stored it meanwhile.
            return await instances.FindAsync(instanceId, cancellationToken) is not null;
        }
    }

    /// <summary>Waits until the launched instances have run to their first wait or their end (tests, shutdown).</summary>
    public Task DrainAsync() => Task.WhenAll(_launches.Values.Select(l => l.Ended));

    // One dispatch per instance id in this process.
    private Launch Start(WorkflowDefinition definition, StartWorkflowOptions options, string instanceId)
    {
        lock (_launching)
        {
            if (_launches.TryGetValue(instanceId, out var launching)) return launching;
            var stored = runtime.DispatchAsync(definition, options);
            var launch = new Launch(stored, ForgetWhenEndedAsync(instanceId, stored));
            _launches[instanceId] = launch;
            return launch;
        }
    }

    private async Task ForgetWhenEndedAsync(string instanceId, Task<Task<WorkflowInstance>> stored)
    {
        try { await await stored; }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The engine stored the fault on the instance, or the instance never got stored and the spawn stays
            // admitted for AgentSpawner.ResumeAsync to launch again; nothing here can add to that.
        }
        finally
        {
            lock (_launching) _launches.TryRemove(instanceId, out _);
        }
    }
}
