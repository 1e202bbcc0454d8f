using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;

namespace Agent.Activities.Coordination.Distribution;

/// <summary>
/// Resumes the workflows waiting in <see cref="LeaseTask"/> whose agent has a task to take. The bookmark carries the
/// agent id, so this works from the two databases alone: called after an enqueue, an assignment or an expiry, and by the
/// sweep of <c>agent serve</c> for tasks enqueued by another process.
/// </summary>
/// <remarks>
/// Exactly once: of several concurrent resumes of one bookmark the engine lets one win (the others get
/// <see cref="ConcurrencyConflictException"/> or <see cref="BookmarkNotFoundException"/>, skipped by <see cref="WorkflowRuntime.ResumeReadyAsync"/>), and the resumed
/// activity leases by its execution id, so a second resume or a re-run after a crash gets the same task, never another.
/// A resume that finds the task gone (another agent's workflow took it) waits again.
/// </remarks>
public sealed class TaskDispatcher(WorkflowRuntime runtime, TaskLeases leases, TimeProvider clock)
{
    private readonly BackgroundDispatches _background = new();

    /// <summary>Resumes the waiting workflows of <paramref name="agentIds"/> (all agents when null) that have a task to take.</summary>
    /// <returns>How many bookmarks this call resumed.</returns>
    public Task<int> DispatchAsync(IReadOnlyCollection<string>? agentIds, CancellationToken cancellationToken) =>
        runtime.ResumeReadyAsync(LeaseTask.BookmarkName, async (bookmark, ct) =>
            LeaseTask.AgentOf(bookmark) is { } agent && (agentIds is null || agentIds.Contains(agent)) && await leases.HasAvailableAsync(agent, clock.GetUtcNow(), ct),
            cancellationToken);

    /// <summary>
    /// Dispatches on the thread pool, for changes made inside a workflow (resuming there would wait for that workflow's
    /// own lock). A failure is left to the next sweep, which sees the same queued task.
    /// </summary>
    public void DispatchInBackground(IReadOnlyCollection<string>? agentIds)
    {
        _background.Start(() => DispatchAsync(agentIds, CancellationToken.None));
    }

    /// <summary>Waits for the background dispatches started so far (tests, shutdown).</summary>
    public Task DrainAsync() => _background.DrainAsync();
}
