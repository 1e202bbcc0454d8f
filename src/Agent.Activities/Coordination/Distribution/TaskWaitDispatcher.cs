using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;

namespace Agent.Activities.Coordination.Distribution;

/// <summary>
/// Resumes the workflows waiting in <see cref="AwaitTasks"/> whose tasks have all finished. Called when a task is done,
/// parked or cancelled (<see cref="TaskQueue"/>), and by the lease sweep of <c>agent serve</c> for tasks finished by
/// another process or before a crash; the bookmark carries the task ids, so this works from the two databases alone.
/// </summary>
/// <remarks>
/// Exactly once: of concurrent resumes of one bookmark the engine lets one win (the others get
/// <see cref="ConcurrencyConflictException"/> or <see cref="BookmarkNotFoundException"/>, skipped by <see cref="WorkflowRuntime.ResumeReadyAsync"/>). Finished is
/// final, so a resume never finds its tasks open again.
/// </remarks>
public sealed class TaskWaitDispatcher(WorkflowRuntime runtime, TaskStore store)
{
    private readonly BackgroundDispatches _background = new();

    /// <summary>Resumes every waiting workflow whose tasks have all finished.</summary>
    /// <returns>How many bookmarks this call resumed.</returns>
    public Task<int> DispatchAsync(CancellationToken cancellationToken) =>
        runtime.ResumeReadyAsync(AwaitTasks.BookmarkName, async (bookmark, ct) =>
            AwaitTasks.TaskIdsOf(bookmark) is { Count: > 0 } ids && await AllFinishedAsync(ids, ct), cancellationToken);

    /// <summary>Dispatches on the thread pool, for a task finished inside a workflow (a worker's CompleteTask); a failure is left to the next sweep.</summary>
    public void DispatchInBackground() => _background.Start(() => DispatchAsync(CancellationToken.None));

    /// <summary>Waits for the background dispatches started so far (tests, shutdown).</summary>
    public Task DrainAsync() => _background.DrainAsync();

    private async Task<bool> AllFinishedAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        foreach (var id in ids)
            if (await store.FindAsync(id, cancellationToken) is not { } task || !AwaitTasks.IsFinished(task)) return false;
        return true;
    }
}
