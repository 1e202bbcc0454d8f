using Agent.Workflows.Execution;

namespace Agent.Workflows.Activities.Scheduling;

/// <summary>
/// Waits for a time span. The wait is a bookmark that expires, so a delay survives restarts and does not
/// hold a thread; the host resumes expired bookmarks.
/// </summary>
[Activity("Elsa", "Scheduling", "Waits for the given time span.")]
public sealed class Delay : IResumableActivity
{
    /// <summary>How long to wait.</summary>
    [Input(Description = "How long to wait (e.g. 00:00:05).", DefaultValue = "00:00:01")]
    public Input<TimeSpan> TimeSpan { get; set; } = null!;

    /// <inheritdoc />
    public ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var span = context.Get(TimeSpan);
        if (span <= System.TimeSpan.Zero) { context.Complete(); return ValueTask.CompletedTask; }
        context.CreateBookmark("Elsa.Delay", new() { ["timeSpan"] = span.ToString() }, context.Now + span);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask ResumeAsync(ActivityExecutionContext context) { context.Complete(); return ValueTask.CompletedTask; }
}

/// <summary>Waits for an interval (Elsa's <c>Timer</c>); as a trigger, the schedule starts the workflow.</summary>
[Activity("Elsa", "Scheduling", "Waits for an interval; as the first activity it is a recurring trigger.", Kind = ActivityKind.Trigger)]
public sealed class Timer : IResumableActivity
{
    /// <summary>The interval.</summary>
    [Input(Description = "The interval (e.g. 01:00:00).", DefaultValue = "00:01:00")]
    public Input<TimeSpan> Interval { get; set; } = null!;

    /// <inheritdoc />
    public ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        if (context.TryConsumeTrigger()) { context.Complete(); return ValueTask.CompletedTask; }
        var interval = context.Get(Interval);
        if (interval <= System.TimeSpan.Zero) throw new WorkflowFaultException($"Timer '{context.ActivityId}' needs a positive interval.");
        context.CreateBookmark("Elsa.Timer", new() { ["interval"] = interval.ToString() }, context.Now + interval);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask ResumeAsync(ActivityExecutionContext context) { context.Complete(); return ValueTask.CompletedTask; }
}
