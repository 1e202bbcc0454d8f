using System.Collections.Concurrent;
using Agent.Activities.Safety.Events;

namespace Agent.Activities.Tests.Safety.Limits;

/// <summary>Keeps every published safety event (our own interface; the audit helper implements the real one).</summary>
internal sealed class RecordingSafetySink : ISafetyEventSink
{
    private readonly ConcurrentQueue<SafetyEvent> _events = new();

    public IReadOnlyList<SafetyEvent> Events => [.. _events];

    public Task PublishAsync(SafetyEvent safetyEvent, CancellationToken cancellationToken)
    {
        _events.Enqueue(safetyEvent);
        return Task.CompletedTask;
    }
}
