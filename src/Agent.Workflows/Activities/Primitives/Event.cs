using Agent.Workflows.Execution;

namespace Agent.Workflows.Activities.Primitives;

/// <summary>Waits until an event with the given name is published (resumed by name and correlation id).</summary>
[Activity("Elsa", "Primitives", "Waits for an event with the given name.", Kind = ActivityKind.Trigger)]
public sealed class Event : IResumableActivity
{
    /// <summary>The event name to wait for.</summary>
    [Input(Description = "The name of the event to wait for.")]
    public Input<string> EventName { get; set; } = null!;

    /// <summary>The payload the event was published with.</summary>
    [Output(Description = "The event's payload.")]
    public Output<object> Result { get; set; } = null!;

    /// <inheritdoc />
    public ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var name = context.Get(EventName);
        if (string.IsNullOrWhiteSpace(name)) throw new WorkflowFaultException($"Event '{context.ActivityId}' has no event name.");
        context.CreateBookmark(name);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask ResumeAsync(ActivityExecutionContext context)
    {
        context.Set<object>(Result, context.ResumeInput?.ToDictionary(k => k.Key, k => k.Value) ?? new Dictionary<string, object?>());
        context.Complete();
        return ValueTask.CompletedTask;
    }
}
