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
/// <see cref="ConcurrencyConflictException"/> or <see cref="BookmarkNotFoundException"/>, ignored here), and the
/// resumed activity takes its message by a conditional update keyed by its execution id — a second resumer, or a
/// re-run after a crash, never hands a recipient the same message twice. A resume that finds no message left (another
/// waiter of the same agent took it) waits again on a new bookmark.
/// </remarks>
public sealed class MessageDispatcher(IWorkflowInstanceStore instances, WorkflowRuntime runtime, MessageStore store)
{
    private readonly BackgroundDispatches _background = new();

    /// <summary>Resumes the waiting workflows of <paramref name="agentIds"/> (all agents when null) that have a matching message.</summary>
    /// <returns>How many bookmarks this call resumed.</returns>
    public async Task<int> DispatchAsync(IReadOnlyCollection<string>? agentIds, CancellationToken cancellationToken)
    {
        var resumed = 0;
        var waiting = await instances.FindBookmarksAsync(ReceiveMessage.BookmarkName, null, cancellationToken);
        foreach (var bookmark in waiting.OrderBy(b => b.CreatedAt))
        {
            if (ReceiveMessage.FilterOf(bookmark) is not { } filter) continue;
            if (agentIds is not null && !agentIds.Contains(filter.AgentId)) continue;
            if (!await store.HasPendingAsync(filter, cancellationToken)) continue;
            try
            {
                await runtime.ResumeAsync(bookmark.Id, null, cancellationToken);
                resumed++;
            }
            catch (Exception e) when (e is ConcurrencyConflictException or BookmarkNotFoundException)
            {
                // Another resumer (a concurrent sender, the poll, another process) won the claim: one resume is all it takes.
            }
        }
        return resumed;
    }

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
