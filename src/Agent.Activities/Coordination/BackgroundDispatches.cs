using System.Collections.Concurrent;

namespace Agent.Activities.Coordination;

/// <summary>
/// Dispatches started on the thread pool because the change that calls for them was made inside a workflow, where
/// resuming waiting workflows at once would wait for that workflow's own lock. A failed dispatch is dropped: what it
/// would have delivered is stored, and the next sweep or poll finds it again.
/// </summary>
internal sealed class BackgroundDispatches
{
    private readonly ConcurrentDictionary<Task, byte> _running = new();

    /// <summary>Starts <paramref name="dispatch"/> in the background.</summary>
    public void Start(Func<Task> dispatch)
    {
        var task = Task.Run(async () =>
        {
            try { await dispatch(); }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Stored and pending: the next sweep or poll resumes the workflow.
            }
        });
        _running[task] = 0;
        task.ContinueWith(t => _running.TryRemove(t, out _), TaskScheduler.Default);
    }

    /// <summary>Waits for the dispatches started so far (tests, shutdown).</summary>
    public Task DrainAsync() => Task.WhenAll(_running.Keys);
}
