using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;

namespace Agent.Activities.Coordination.Messaging;

/// <summary>
/// Resumes the workflows that wait in <see cref="ReceiveMessage"/> when a matching message is pending. The bookmark
/// carries the agent id and filter, so this works from the two databases alone: after a crash between storing a
/// message and resuming its workflow, the recovery pass (<see cref="RecoverAsync"/>, at start-up and on every poll)
/// finds the pending message and the waiting bookmark and resumes it.
/// </summary>
/// <remarks>
/// Exactly once: the engine lets one of several concurrent resumes of a bookmark win (the others get
/// <see cref="ConcurrencyConflictException"/> or <see cref="BookmarkNotFoundException"/>, skipped by <see cref="WorkflowRuntime.ResumeReadyAsync"/>), and the
/// resumed activity takes its message by a conditional update keyed by its execution id — a second resumer, or a
/// re-run after a crash, never hands a recipient the same message twice. A resume that finds no message left (another
/// waiter of the same agent took it) waits again on a new bookmark.
/// </remarks>
public sealed class MessageDispatcher(WorkflowRuntime runtime, MessageStore store)
{
    private readonly BackgroundDispatches _background = new();

    /// <summary>Resumes the waiting workflows of <paramref name="agentIds"/> (all agents when null) that have a matching message.</summary>
    /// <returns>How many bookmarks this call resumed.</returns>
    public Task<int> DispatchAsync(IReadOnlyCollection<string>? agentIds, CancellationToken cancellationToken) =>
        runtime.ResumeReadyAsync(ReceiveMessage.BookmarkName, async (bookmark, ct) =>
            ReceiveMessage.FilterOf(bookmark) is { } filter && (agentIds is null || agentIds.Contains(filter.AgentId)) && await store.HasPendingAsync(filter, ct),
            cancellationToken);

    /// <summary>The recovery pass: resumes every waiting workflow whose message is already stored.</summary>
    public Task<int> RecoverAsync(CancellationToken cancellationToken) => DispatchAsync(null, cancellationToken);

    /// <summary>
    /// Dispatches on the thread pool, for a send from inside a workflow: resuming there would wait for the sending
    /// instance's own lock (a workflow that messages itself) or for a peer that messages it back. A failure is left to
    /// the next recovery pass, which finds the same pending message.
    /// </summary>
    public void DispatchInBackground(IReadOnlyCollection<string> agentIds)
    {
        _background.Start(() => DispatchAsync(agentIds, CancellationToken.None));
    }

    /// <summary>Waits for the background dispatches started so far (tests, shutdown).</summary>
    public Task DrainAsync() => _background.DrainAsync();
}
