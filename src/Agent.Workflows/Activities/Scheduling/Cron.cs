using Agent.Workflows.Execution;
using Cronos;

namespace Agent.Workflows.Activities.Scheduling;

/// <summary>Waits until the next occurrence of a cron expression; as a trigger, the schedule starts the workflow.</summary>
[Activity("Elsa", "Scheduling", "Waits until the next time a cron expression matches; as the first activity it is a trigger.", Kind = ActivityKind.Trigger)]
public sealed class Cron : IResumableActivity, IValidatingActivity
{
    /// <inheritdoc />
    public IEnumerable<(string Input, string Problem)> Validate()
    {
        // Only a literal can be checked before the workflow runs; a script is checked when it runs.
        if (CronExpression.Expression is not { Type: "Literal" } literal) yield break;
        string? problem = null;
        try { CronSchedule.Parse(literal.Text, "Cron"); }
        catch (WorkflowFaultException e) { problem = e.Message; }
        if (problem is not null) yield return ("cronExpression", problem);
    }

    /// <summary>A cron expression with five or six fields (seconds optional).</summary>
    [Input(Description = "The cron expression, e.g. '0 2 * * *' (02:00 every night).")]
    public Input<string> CronExpression { get; set; } = null!;

    /// <inheritdoc />
    public ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        if (context.TryConsumeTrigger()) { context.Complete(); return ValueTask.CompletedTask; }
        var text = context.Get(CronExpression);
        var next = CronSchedule.Parse(text, context.ActivityId).GetNextOccurrence(context.Now, TimeZoneInfo.Utc)
            ?? throw new WorkflowFaultException($"Cron expression '{text}' of '{context.ActivityId}' never occurs again.");
        context.CreateBookmark("Elsa.Cron", new() { ["cronExpression"] = text }, next);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask ResumeAsync(ActivityExecutionContext context) { context.Complete(); return ValueTask.CompletedTask; }
}

/// <summary>Parses cron expressions with a clear error.</summary>
public static class CronSchedule
{
    /// <summary>Parses five-field or six-field (with seconds) cron text.</summary>
    /// <exception cref="WorkflowFaultException">The text is not a valid cron expression.</exception>
    public static CronExpression Parse(string? text, string owner)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new WorkflowFaultException($"'{owner}' has no cron expression; set one such as '0 2 * * *'.");
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        try { return Cronos.CronExpression.Parse(text, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard); }
        catch (CronFormatException e)
        {
            throw new WorkflowFaultException($"'{text}' of '{owner}' is not a valid cron expression ({e.Message}); use five fields 'min hour day month weekday' or six with seconds first.");
        }
    }
}
