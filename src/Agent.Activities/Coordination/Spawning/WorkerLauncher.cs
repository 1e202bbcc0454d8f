using System.Collections.Concurrent;
using Agent.Workflows.Model;
using Agent.Workflows.Runtime;

namespace Agent.Activities.Coordination.Spawning;

/// <summary>
/// Runs worker instances on the thread pool: the engine runs a started instance until it waits or ends, and a worker
/// runs a Claude process for minutes, which a spawn (or the coordinating workflow's step) must not wait for. The
/// instance id is fixed by the caller, so a launch repeated after a crash finds the instance and starts none.
/// </summary>
public sealed class WorkerLauncher(WorkflowRuntime runtime)
{
    private readonly ConcurrentDictionary<Task, byte> _running = new();

    /// <summary>Starts an instance of <paramref name="definition"/> with <paramref name="options"/> in the background.</summary>
    public void Launch(WorkflowDefinition definition, StartWorkflowOptions options)
    {
        var task = Task.Run(async () =>
        {
            try { await runtime.StartAsync(definition, options); }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The engine stored the fault on the instance (or the instance never got stored, and
                // AgentSpawner.ResumeAsync starts it again); nothing here can add to that.
            }
        });
        _running[task] = 0;
        task.ContinueWith(t => _running.TryRemove(t, out _), TaskScheduler.Default);
    }

    /// <summary>Waits until the launched instances have run to their first wait or their end (tests, shutdown).</summary>
    public Task DrainAsync() => Task.WhenAll(_running.Keys);
}
