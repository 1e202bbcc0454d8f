using System.Collections.Concurrent;
using Agent.Workflows.Model;
using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;

namespace Agent.Activities.Coordination.Spawning;

/// <summary>
/// Runs worker instances on the thread pool: the engine runs a started instance until it waits or ends, and a worker
/// runs a Claude process for minutes, which a spawn (or the coordinating workflow's step) must not wait for. It waits
/// only until the engine has stored the new instance, so the spawner can record the worker as started knowing the
/// instance exists: from then on a missing instance is one that ended and was deleted, never one still on its way.
/// The instance id is fixed by the caller, so a launch repeated after a crash finds the instance and starts none, and a
/// launch of an id already being launched in this process joins that launch.
/// </summary>
public sealed class WorkerLauncher(WorkflowRuntime runtime, IWorkflowInstanceStore instances)
{
    // The engine stores a new instance before its first activity runs, within milliseconds of the launch.
    private static readonly TimeSpan StoredPoll = TimeSpan.FromMilliseconds(5);

    private readonly ConcurrentDictionary<string, Task<bool>> _running = new(StringComparer.Ordinal);
    private readonly Lock _launching = new();

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
        var run = Start(definition, options, instanceId);
        while (true)
        {
            if (await instances.FindAsync(instanceId, cancellationToken) is not null) return true;
            // StartAsync returns only after storing the instance: a finished run whose instance is gone ended and was deleted.
            if (run.IsCompleted) return await run || await instances.FindAsync(instanceId, cancellationToken) is not null;
            await Task.WhenAny(run, Task.Delay(StoredPoll, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Waits until the launched instances have run to their first wait or their end (tests, shutdown).</summary>
    public Task DrainAsync() => Task.WhenAll(_running.Values);

    // One background run per instance id in this process; true when StartAsync returned (the instance was stored).
    private Task<bool> Start(WorkflowDefinition definition, StartWorkflowOptions options, string instanceId)
    {
        lock (_launching)
        {
            if (_running.TryGetValue(instanceId, out var running)) return running;
            var run = Task.Run(async () =>
            {
                try
                {
                    await runtime.StartAsync(definition, options);
                    return true;
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // The engine stored the fault on the instance, or the instance never got stored and the spawn stays
                    // admitted for AgentSpawner.ResumeAsync to launch again; nothing here can add to that.
                    return false;
                }
            });
            _running[instanceId] = run;
            run.ContinueWith(_ => _running.TryRemove(new KeyValuePair<string, Task<bool>>(instanceId, run)), TaskScheduler.Default);
            return run;
        }
    }
}
