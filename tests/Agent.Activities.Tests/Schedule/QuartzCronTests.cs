using Agent.Activities.Schedule;
using Agent.Workflows.Activities.Scheduling;

namespace Agent.Activities.Tests.Schedule;

[TestClass]
public sealed class QuartzCronTests
{
    [TestMethod]
    [DataRow("*/5 * * * * *")]
    [DataRow("0 2 * * *")]
    [DataRow("0 0 2 * * ?")]
    [DataRow("30 9 * * 1-5")]
    [DataRow("0 12 * * 5-7")]
    [DataRow("0 0 1 * *")]
    [DataRow("15 10 ? * MON-FRI")]
    [DataRow("0 0 * * 0")]
    [DataRow("0 0 * * 7")]
    [DataRow("0 6 * * */2")]
    [DataRow("0 0 L * *")]
    [DataRow("0 8 * * 5L")]
    [DataRow("0 8 * * 1#2")]
    [DataRow("@daily")]
    public void The_scheduler_fires_when_the_cron_activity_would(string expression)
    {
        var quartz = Quartz.CronExpression.Parse(QuartzCron.Translate(expression, "cron")).WithTimeZone(TimeZoneInfo.Utc);
        var cronos = CronSchedule.Parse(expression, "cron");
        var from = new DateTimeOffset(2026, 11, 25, 15, 42, 17, TimeSpan.Zero);
        var (a, b) = (from, from);
        for (var i = 0; i < 12; i++)
        {
            a = cronos.GetNextOccurrence(a.UtcDateTime, TimeZoneInfo.Utc) is { } next ? new DateTimeOffset(next, TimeSpan.Zero) : throw new AssertFailedException("cronos ended");
            b = quartz.GetNextValidTimeAfter(b) ?? throw new AssertFailedException("quartz ended");
            Assert.AreEqual(a, b, $"occurrence {i + 1} of '{expression}' (quartz: '{QuartzCron.Translate(expression, "cron")}')");
        }
    }

    [TestMethod]
    public void Invalid_or_unschedulable_expressions_are_clear_errors()
    {
        StringAssert.Contains(Assert.ThrowsExactly<ScheduleException>(() => QuartzCron.Translate("61 * * * *", "nightly")).Message, "is not a valid cron expression");
        StringAssert.Contains(Assert.ThrowsExactly<ScheduleException>(() => QuartzCron.Translate("", "nightly")).Message, "has no cron expression");
        StringAssert.Contains(Assert.ThrowsExactly<ScheduleException>(() => QuartzCron.Translate("0 25 * * *", "nightly")).Message, "is not a valid cron expression");
        StringAssert.Contains(Assert.ThrowsExactly<ScheduleException>(() => QuartzCron.Translate("0 0 1 * 1", "nightly")).Message, "both the day of month and the day of week");
    }
}
