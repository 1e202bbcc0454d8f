using Microsoft.Extensions.Options;

namespace Agent.Activities.Coordination.Messaging;

/// <summary>
/// The agents' message bus: send (validate, store, resume the waiting workflows), receive for a workflow, read an
/// inbox, acknowledge. Bad input is refused with <see cref="InvalidMessageException"/> before anything is stored.
/// </summary>
public sealed class MessageBus(MessageStore store, AgentRegistry agents, MessageDispatcher dispatcher, MessageSignal signal, IOptions<CoordinationOptions> options, TimeProvider clock)
{
    // How often a waiting inbox looks at the database for messages stored by another process.
    private static readonly TimeSpan InboxPollSlice = TimeSpan.FromMilliseconds(200);

    /// <summary>The consumer name of messages read through <see cref="InboxAsync"/>.</summary>
    public const string InboxConsumer = "inbox";

    /// <summary>Sends <paramref name="draft"/> and resumes the workflows waiting for it before returning (unless <c>Coordination:ResumeOnSend</c> is false).</summary>
    /// <exception cref="InvalidMessageException">The draft is malformed or its sender or recipient unknown; nothing was stored.</exception>
    public async Task<SentMessage> SendAsync(MessageDraft draft, CancellationToken cancellationToken = default)
    {
        var sent = await StoreAsync(draft, cancellationToken);
        if (!options.Value.ResumeOnSend) return sent;
        // The message is stored: a failed resume must not tell the sender to send again (a duplicate); the poll retries it.
        try { await dispatcher.DispatchAsync(sent.Recipients, cancellationToken); }
        catch (Exception e) when (e is not OperationCanceledException) { dispatcher.DispatchInBackground(sent.Recipients); }
        return sent;
    }

    /// <summary>Sends from inside a workflow: stores, then resumes the waiting workflows on the thread pool (see <see cref="MessageDispatcher.DispatchInBackground"/>).</summary>
    /// <exception cref="InvalidMessageException">The draft is malformed or its sender or recipient unknown; nothing was stored.</exception>
    public async Task<SentMessage> SendFromWorkflowAsync(MessageDraft draft, CancellationToken cancellationToken)
    {
        var sent = await StoreAsync(draft, cancellationToken);
        if (options.Value.ResumeOnSend) dispatcher.DispatchInBackground(sent.Recipients);
        return sent;
    }

    /// <summary>
    /// Takes the oldest pending message matching <paramref name="filter"/> for a workflow execution, or the one that
    /// execution already took (a re-run after a crash). Null when none is pending.
    /// </summary>
    /// <param name="filter">The agent and optional type and correlation id.</param>
    /// <param name="executionId">The receiving activity's execution id: the idempotency key of the claim.</param>
    /// <param name="acknowledge">Also mark it acked (the workflow holds it in its state from now on).</param>
    /// <param name="cancellationToken">Stops waiting for the database.</param>
    /// <exception cref="UnknownAgentException">The agent is not registered.</exception>
    public async Task<DeliveredMessage?> ReceiveAsync(MessageFilter filter, string executionId, bool acknowledge, CancellationToken cancellationToken)
    {
        var taken = await store.ClaimAsync(filter, "workflow:" + executionId, clock.GetUtcNow(), acknowledge, cancellationToken);
        // Only registered agents have deliveries, so the registry is asked only when nothing was there to take.
        if (taken is null && await agents.FindAsync(filter.AgentId, cancellationToken) is null) throw new UnknownAgentException(filter.AgentId);
        return taken;
    }

    /// <summary>
    /// Hands <paramref name="filter"/>'s agent its pending messages (pending → delivered), waiting up to
    /// <paramref name="wait"/> (capped at <c>Coordination:MaxInboxWait</c>) for the first when none is there.
    /// </summary>
    /// <exception cref="UnknownAgentException">The agent is not registered.</exception>
    public async Task<IReadOnlyList<DeliveredMessage>> InboxAsync(MessageFilter filter, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (await agents.FindAsync(filter.AgentId, cancellationToken) is null) throw new UnknownAgentException(filter.AgentId);
        var settings = options.Value;
        var deadline = clock.GetUtcNow() + (wait > settings.MaxInboxWait ? settings.MaxInboxWait : wait < TimeSpan.Zero ? TimeSpan.Zero : wait);
        while (true)
        {
            // Take the signal before looking, so a message stored between the look and the wait still wakes us.
            var next = signal.Next;
            var taken = await store.ClaimManyAsync(filter, InboxConsumer, clock.GetUtcNow(), settings.MaxInboxMessages, cancellationToken);
            var left = deadline - clock.GetUtcNow();
            if (taken.Count > 0 || left <= TimeSpan.Zero) return taken;
            await Task.WhenAny(next, Task.Delay(left < InboxPollSlice ? left : InboxPollSlice, clock, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>The messages handed to <paramref name="agentId"/> and not yet acknowledged (e.g. after its process restarted).</summary>
    /// <exception cref="UnknownAgentException">The agent is not registered.</exception>
    public async Task<IReadOnlyList<DeliveredMessage>> UnackedAsync(string agentId, CancellationToken cancellationToken)
    {
        if (await agents.FindAsync(agentId, cancellationToken) is null) throw new UnknownAgentException(agentId);
        return await store.ListForAgentAsync(agentId, [DeliveryStates.Delivered], options.Value.MaxInboxMessages, cancellationToken);
    }

    /// <summary>Acknowledges messages handed to <paramref name="agentId"/>, all or none.</summary>
    /// <exception cref="UnknownAgentException">The agent is not registered.</exception>
    /// <exception cref="InvalidMessageException">No ids, or an id not handed to this agent; nothing changed.</exception>
    public async Task<IReadOnlyList<DeliveredMessage>> AckAsync(string agentId, IReadOnlyList<string>? messageIds, CancellationToken cancellationToken)
    {
        if (await agents.FindAsync(agentId, cancellationToken) is null) throw new UnknownAgentException(agentId);
        var ids = (messageIds ?? []).Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id.Trim()).ToList();
        if (ids.Count == 0) throw new InvalidMessageException("messageIds", "No message ids to acknowledge; give the ids agent_inbox returned.");
        return await store.AckAsync(agentId, ids, clock.GetUtcNow(), cancellationToken);
    }

    private async Task<SentMessage> StoreAsync(MessageDraft draft, CancellationToken cancellationToken)
    {
        var validated = MessageValidator.Validate(draft, options.Value.MaxPayloadBytes);
        var sent = await store.InsertAsync(validated, validated.MessageId ?? Guid.NewGuid().ToString("N"), clock.GetUtcNow(), cancellationToken);
        signal.Notify();
        return sent;
    }
}
