using Agent.Activities.Coordination.Distribution;

namespace Agent.Activities.Coordination.Consensus;

/// <summary>Reads the tasks a consensus step was given by id, as they stand in the queue now.</summary>
internal static class TaskLookup
{
    /// <summary>The tasks by id, in the order given; an unknown id faults the activity, saying what to bind.</summary>
    public static async Task<Dictionary<string, WorkTask>> LoadAsync(ActivityExecutionContext context, IEnumerable<string>? ids)
    {
        var store = context.GetRequiredService<TaskStore>();
        var tasks = new Dictionary<string, WorkTask>(StringComparer.Ordinal);
        foreach (var id in (ids ?? []).Select(i => i?.Trim() ?? "").Where(i => i.Length > 0))
            tasks[id] = await store.FindAsync(id, context.CancellationToken)
                ?? throw new WorkflowFaultException($"{context.NodePath}: there is no task '{id}'; bind taskIds to the EnqueueTasks output of this round.", ActivityInputs.InvalidInputCode);
        return tasks;
    }
}
