namespace Agent.Activities.Coordination.Messaging;

/// <summary>
/// Wakes the <c>agent_inbox</c> calls of this process that wait for a message when one is stored here. Messages stored
/// by another process are seen by the waiters' own polling; this only makes the common case immediate.
/// </summary>
public sealed class MessageSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();

    /// <summary>A task that completes at the next <see cref="Notify"/>.</summary>
    public Task Next
    {
        get { lock (_gate) return _next.Task; }
    }

    /// <summary>Wakes every waiter.</summary>
    public void Notify()
    {
        TaskCompletionSource woken;
        lock (_gate)
        {
            woken = _next;
            _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        woken.TrySetResult();
    }
}
