using Agent.Activities.Coordination.Distribution;
using Agent.Workflows.Runtime;

namespace Agent.Activities.Coordination.Spawning;

/// <summary>
/// Keeps the leases of agents whose worker is running in this process right now: a worker holds its task for the whole
/// Claude run, which takes longer than <c>Coordination:LeaseTimeout</c> more often than not, and nothing else heartbeats
/// for it unless the model calls <c>agent_task_heartbeat</c>. Without this a healthy long run loses its task to a second
/// agent while it still works on it. A worker that is not running here — its process was killed, or its run ended
/// without completing the task — gets no heartbeat, so its lease expires and the task goes to another agent. A Claude
/// process that hangs keeps its lease until <c>Claude:DefaultTimeout</c> (or the activity's timeout) ends the run.
/// </summary>
public sealed class ActiveWorkerHeartbeats(TaskStore tasks, TaskQueue queue, WorkflowRuntime runtime)
{
    // As TaskQueueWorkspaces: far above the leased tasks any sane coordination has at once.
    private const int MaxLeased = 10_000;

    /// <summary>Extends the lease of every leased task whose holder's worker instance runs in this process; returns those task ids.</summary>
    public async Task<IReadOnlyList<string>> BeatAsync(CancellationToken cancellationToken = default)
    {
        var active = runtime.ActiveInstanceIds.ToHashSet(StringComparer.Ordinal);
        if (active.Count == 0) return [];
        var extended = new List<string>();
        foreach (var task in await tasks.ListAsync(TaskStatuses.Leased, MaxLeased, cancellationToken))
        {
            if (task.LeaseOwner is not { Length: > 0 } agent || !active.Contains(AgentSpawner.InstanceIdFor(agent))) continue;
            try
            {
                await queue.HeartbeatAsync(task.Id, agent, cancellationToken);
                extended.Add(task.Id);
            }
            catch (LeaseLostException)
            {
                // Expired (or completed) between the read and the heartbeat: the sweep or the holder has the final word.
            }
        }
        return extended;
    }
}
