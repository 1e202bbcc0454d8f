using Agent.Activities.Claude;
using Agent.Workflows.Execution;

namespace Agent.Activities.Guards;

/// <summary>
/// Makes the emergency stop bite in this process: kills every Claude run (their process trees die at once) and cancels
/// the instances this process runs. Another process's runs are killed by that process's watcher, which calls
/// <see cref="Enforce"/> when it sees the stop file.
/// </summary>
public sealed class EmergencyStopEnforcer(EmergencyStop stop, ClaudeRunRegistry runs, WorkflowRuntime runtime)
{
    private readonly HashSet<string> _cancelling = new(StringComparer.Ordinal);

    /// <summary>Sets the stop, then enforces it here.</summary>
    /// <returns>The stop's state and how many Claude runs were killed in this process.</returns>
    public async Task<(StopState State, int KilledRuns)> StopAsync(string by, string? reason, CancellationToken cancellationToken = default)
    {
        var state = await stop.SetAsync(by, reason, cancellationToken);
        return (state, Enforce());
    }

    /// <summary>Clears the stop; returns whether it was set.</summary>
    public bool Clear()
    {
        lock (_cancelling) _cancelling.Clear();
        return stop.Clear();
    }

    /// <summary>While stopped: kills this process's Claude runs and cancels its running instances. Returns how many runs were killed.</summary>
    public int Enforce()
    {
        if (stop.Status() is not { } state) return 0;
        var killed = runs.KillAll($"emergency stop by {state.By}{(state.Reason is { Length: > 0 } r ? $" ({r})" : "")}; clear it with 'agent stop --clear'.");
        foreach (var id in runtime.ActiveInstanceIds)
        {
            lock (_cancelling) if (!_cancelling.Add(id)) continue;
            // The cancel waits until the instance's current activity ends; the killed run ends it at once.
            _ = runtime.CancelAsync(id, CancellationToken.None);
        }
        return killed;
    }
}
