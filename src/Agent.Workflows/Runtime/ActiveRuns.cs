namespace Agent.Workflows.Runtime;

/// <summary>
/// The instances executing in this process right now, and for each the children that ended while it ran. A child that
/// ends must resume its waiting parent; but while the parent executes here — perhaps in the very call that ended the
/// child (the step that started it), which holds the parent's lock — resuming it would wait on itself. So the child's
/// end is handed to the parent's run, which takes it up once the run is over and the lock is free.
/// </summary>
/// <remarks>
/// This used to be an async-local list of the instances a call chain was running. Setting it cost every run a new
/// execution context (about 100 ns and 96 B per instance start), and a child ended by other work while the parent was
/// still executing (not in its chain) was never resumed: now it is, when that run ends.
/// </remarks>
internal sealed class ActiveRuns
{
    // A plain dictionary under a lock: every operation is a lookup of a few dozen nanoseconds, and unlike a concurrent
    // dictionary it allocates nothing per run. The list is made only when a child's end has to wait for the run.
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<WorkflowInstance>?> _runs = new(StringComparer.Ordinal);

    /// <summary>Ids of the instances executing here now.</summary>
    public IReadOnlyCollection<string> Ids
    {
        get { lock (_lock) return [.. _runs.Keys]; }
    }

    /// <summary>True while <paramref name="instanceId"/> executes in this process.</summary>
    public bool Contains(string instanceId)
    {
        lock (_lock) return _runs.ContainsKey(instanceId);
    }

    /// <summary>Marks a run as started; call <see cref="End"/> when it is over.</summary>
    public void Start(string instanceId)
    {
        lock (_lock) _runs[instanceId] = null;
    }

    /// <summary>
    /// Hands <paramref name="child"/>'s end to the run of <paramref name="parentId"/> when that instance executes here
    /// now. False when it does not (or its run has just ended): the caller resumes the parent itself.
    /// </summary>
    public bool TryHandOver(string parentId, WorkflowInstance child)
    {
        lock (_lock)
        {
            if (!_runs.TryGetValue(parentId, out var ended)) return false;
            if (ended is null) _runs[parentId] = ended = [];
            ended.Add(child);
            return true;
        }
    }

    /// <summary>Marks a run as over; returns the children whose end was handed to it, or null.</summary>
    public IReadOnlyList<WorkflowInstance>? End(string instanceId)
    {
        lock (_lock) return _runs.Remove(instanceId, out var ended) ? ended : null;
    }
}
