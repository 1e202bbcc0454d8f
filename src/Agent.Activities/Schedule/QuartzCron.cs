using Agent.Workflows.Activities.Scheduling;

namespace Agent.Activities.Schedule;

/// <summary>A cron expression cannot be scheduled; the message says why and how to write it.</summary>
public sealed class ScheduleException(string message) : Exception(message);

/// <summary>
/// Translates the cron dialect of the engine's <c>Elsa.Cron</c> activity (Cronos: five fields, or six with seconds first;
/// day of week 0-7 with Sunday 0 or 7) into Quartz's dialect (seconds always, day of week 1-7 with Sunday 1, one of the
/// day fields '?') through Quartz's own crontab reader, so a schedule fires when the activity would.
/// </summary>
public static class QuartzCron
{
    private static readonly Dictionary<string, string> Macros = new(StringComparer.OrdinalIgnoreCase)
    {
        ["@yearly"] = "0 0 0 1 1 ?", ["@annually"] = "0 0 0 1 1 ?", ["@monthly"] = "0 0 0 1 * ?", ["@weekly"] = "0 0 0 ? * 1",
        ["@daily"] = "0 0 0 * * ?", ["@midnight"] = "0 0 0 * * ?", ["@hourly"] = "0 0 * * * ?",
        ["@every_minute"] = "0 * * * * ?", ["@every_second"] = "* * * * * ?",
    };

    /// <summary>The Quartz form of <paramref name="text"/>, checked by Quartz's own parser.</summary>
    /// <exception cref="ScheduleException">The text is not a valid cron expression, or Quartz cannot express it.</exception>
    public static string Translate(string? text, string owner)
    {
        try { CronSchedule.Parse(text, owner); }
        catch (WorkflowFaultException e) { throw new ScheduleException(e.Message); }
        var trimmed = text!.Trim();
        if (Macros.TryGetValue(trimmed, out var macro)) return macro;
        var fields = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // Quartz reads the five-field crontab form itself (day of week 0-7, Sunday 0 or 7) and answers its own spelling;
        // a six-field expression is that form with a seconds field in front, which is put back in front of the answer.
        var seconds = fields.Length == 6 ? fields[0] : "0";
        var unixFields = fields.Length == 6 ? fields[1..] : fields;
        // Cronos fires when both restricted day fields match, Quartz when either does: refuse rather than fire on other days.
        if (unixFields[2] is not ("*" or "?") && unixFields[4] is not ("*" or "?"))
            throw new ScheduleException($"'{text}' of '{owner}' restricts both the day of month and the day of week, which the scheduler would read as either-or; use one of them and '*' for the other.");
        var unix = string.Join(' ', unixFields);
        try
        {
            var quartz = Quartz.CronExpression.Parse(unix, Quartz.CronFormat.Unix).CronExpressionString;
            var withSeconds = seconds + quartz[quartz.IndexOf(' ', StringComparison.Ordinal)..];
            _ = Quartz.CronExpression.Parse(withSeconds);
            return withSeconds;
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new ScheduleException($"'{text}' of '{owner}' cannot be scheduled ({e.Message}); use five fields 'min hour day month weekday' or six with seconds first.");
        }
    }
}
