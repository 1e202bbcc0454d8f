using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;

namespace Agent.Activities.Coordination.Spawning;

/// <summary>
/// Frees the slots of agents whose worker ended without <c>Agent.ReleaseAgent</c>: a worker faulted (a crash of the
/// server interrupted its Claude run, which is not safe to rerun) or cancelled outside <see cref="AgentSpawner.StopAsync"/>
/// or finished on a path that did not release it. Without this such an agent stays "working" for ever, holds one of
/// <c>Coordination:MaxAgents</c> slots, and the queued spawns behind it never start. The task it held is not touched:
/// its lease expires and the task goes to another agent, as for any agent that died. A worker whose finished instance
/// retention already deleted counts as ended too.
/// </summary>
public sealed class EndedWorkerReaper(SpawnStore store, IWorkflowInstanceStore instances, AgentSpawner spawner)
{
    /// <summary>Releases every started agent whose worker instance has ended; returns their ids.</summary>
    public async Task<IReadOnlyList<string>> ReapAsync(CancellationToken cancellationToken = default)
    {
        var released = new List<string>();
        foreach (var started in await store.ListAsync(SpawnStatuses.Started, cancellationToken))
        {
            // A started request's instance was stored (AgentSpawner marks it started only then), and the engine deletes
            // only ended instances: retention removes finished ones, the API cancels one before deleting it. So a missing
            // instance ended and was deleted, and its slot is freed like that of one found ended.
            var instance = await instances.FindAsync(started.InstanceId, cancellationToken);
            if (instance is not null && instance.Status is not (WorkflowStatus.Finished or WorkflowStatus.Faulted or WorkflowStatus.Cancelled)) continue;
            await spawner.ReleaseAsync(started.AgentId, cancellationToken);
            released.Add(started.AgentId);
        }
        return released;
    }
}
