using Agent.Activities.Claude;
using Agent.Activities.Safety.Audit;
using Agent.Activities.Safety.Events;
using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;

namespace Agent.Activities.Guards;

/// <summary>
/// Makes the emergency stop bite in this process: kills every Claude run (their process trees die at once) and cancels
/// the instances this process runs. Another process's runs are killed by that process's watcher, which calls
/// <see cref="EnforceAsync"/> when it sees the stop file.
/// </summary>
public sealed class EmergencyStopEnforcer(EmergencyStop stop, ClaudeRunRegistry runs, WorkflowRuntime runtime, IWorkflowInstanceStore instances,
    ISafetyEventSink? events = null, TimeProvider? clock = null)
{
    private readonly HashSet<string> _cancelling = new(StringComparer.Ordinal);
    private StopState? _enforced;

    /// <summary>Sets the stop, then enforces it here.</summary>
    /// <returns>The stop's state and how many Claude runs were killed in this process.</returns>
    public async Task<(StopState State, int KilledRuns)> StopAsync(string by, string? reason, CancellationToken cancellationToken = default)
    {
        var state = await stop.SetAsync(by, reason, cancellationToken);
        var killed = await EnforceAsync(cancellationToken);
        await events.PublishOnceAsync($"engaged {state.At:O} {state.By}", SafetyEventKinds.EmergencyStop, state.By,
            $"Emergency stop engaged by {state.By}{(reason is { Length: > 0 } ? $": {reason}" : "")}; {killed} Claude run(s) killed here.",
            new Dictionary<string, string> { ["action"] = "engaged", ["reason"] = reason ?? "", ["killed_runs"] = killed.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            (clock ?? TimeProvider.System).GetUtcNow(), cancellationToken);
        return (state, killed);
    }

    /// <summary>Clears the stop and, when it was set, audits who released it; returns whether it was set.</summary>
    public async Task<bool> ClearAsync(string by, CancellationToken cancellationToken = default)
    {
        var was = stop.Status();
        if (!Clear()) return false;
        await events.PublishOnceAsync($"released {was?.At:O} {by}", SafetyEventKinds.EmergencyStop, by, $"Emergency stop released by {by}.",
            new Dictionary<string, string> { ["action"] = "released", ["engaged_by"] = was?.By ?? "" }, (clock ?? TimeProvider.System).GetUtcNow(), cancellationToken);
        return true;
    }

    /// <summary>Clears the stop; returns whether it was set.</summary>
    public bool Clear()
    {
        lock (_cancelling)
        {
            _cancelling.Clear();
            _enforced = null;
        }
        return stop.Clear();
    }

    /// <summary>
    /// While stopped: cancels the instances waiting on Claude jobs (an improvement cycle in ClaudeExecute's async mode —
    /// first, so a killed job cannot resume its workflow into the next step), kills this process's Claude runs, and
    /// cancels the instances it was running that were created before the stop was set (once per stop). An instance
    /// created after the stop is left to end on its own, however late this process sees the stop: the guards refuse its
    /// cycle and its Claude runs, and it must be able to write why (its summary).
    /// Returns how many runs were killed.
    /// </summary>
    public async Task<int> EnforceAsync(CancellationToken cancellationToken = default)
    {
        if (stop.Status() is not { } state) return 0;
        foreach (var waiting in (await instances.FindBookmarksAsync(ClaudeJobBookmarks.BookmarkName, null, cancellationToken)).Select(b => b.InstanceId).Distinct())
        {
            try { await runtime.CancelAsync(waiting, cancellationToken); }
            catch (Exception e) when (e is InstanceNotFoundException or ConcurrencyConflictException) { /* another process cancelled it first, or it was deleted */ }
        }
        var killed = runs.KillAll($"emergency stop by {state.By}{(state.Reason is { Length: > 0 } r ? $" ({r})" : "")}; clear it with 'agent stop --clear'.");
        lock (_cancelling)
        {
            if (Equals(_enforced, state)) return killed;
            _enforced = state;
        }
        foreach (var id in runtime.ActiveInstanceIds)
        {
            // This process may see the stop only after it started an instance (a CLI's watcher polls on its own
            // thread, after the verb may have started its cycle): an instance created after the stop was set is being
            // refused by the guards, and cancelling it would lose the summary that says why nothing ran.
            if (await instances.FindAsync(id, cancellationToken) is not { } instance || instance.CreatedAt >= state.At) continue;
            lock (_cancelling) if (!_cancelling.Add(id)) continue;
            // The cancel waits until the instance's current activity ends; the killed run ends it at once.
            _ = runtime.CancelAsync(id, CancellationToken.None);
        }
        return killed;
    }
}
