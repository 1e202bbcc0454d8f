using Agent.Activities.Schedule;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Agent.Activities.Tests.Schedule;

/// <summary>CronJobs.EnsureAsync writes only what differs, so every replica may sync every time.</summary>
[TestClass]
public sealed class CronJobsTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task Ensuring_an_unchanged_job_writes_nothing_and_keeps_its_next_fire_time_while_a_new_version_replaces_it()
    {
        await using var services = new ServiceCollection().AddQuartz(q => q.UseInMemoryStore()).BuildServiceProvider();
        var scheduler = await services.GetRequiredService<ISchedulerFactory>().GetScheduler(Token);
        var key = new JobKey("nightly", "workflows");
        var spec = new CronJobSpec(key, typeof(NoOpJob), new Dictionary<string, string> { ["definitionId"] = "nightly" }, "0 0 3 * * ?", "v1", true);

        Assert.AreEqual(CronJobChange.Created, await CronJobs.EnsureAsync(scheduler, spec, Token));
        var trigger = (ICronTrigger)(await scheduler.GetTrigger(new TriggerKey("nightly", "workflows"), Token))!;
        Assert.AreEqual((int)CronTriggerMisfireInstruction.FireAndProceed, (int)trigger.MisfireInstruction);
        Assert.AreEqual("nightly", (await scheduler.GetJobDetail(key, Token))!.JobDataMap.GetString("definitionId"));
        var next = trigger.NextFireTimeUtc;
        // A replaced trigger starts afresh (not paused, next fire time recomputed); an unchanged one keeps its state.
        await scheduler.PauseTrigger(trigger.Key, Token);

        Assert.AreEqual(CronJobChange.Unchanged, await CronJobs.EnsureAsync(scheduler, spec, Token));
        Assert.AreEqual(TriggerState.Paused, await scheduler.GetTriggerState(trigger.Key, Token), "the trigger was not rewritten");
        Assert.AreEqual(next, (await scheduler.GetTrigger(trigger.Key, Token))!.NextFireTimeUtc, "the next fire time is kept");

        Assert.AreEqual(CronJobChange.Replaced, await CronJobs.EnsureAsync(scheduler, spec with { Version = "v2" }, Token));
        Assert.AreEqual(CronJobChange.Replaced, await CronJobs.EnsureAsync(scheduler, spec with { Version = "v2", QuartzExpression = "0 30 3 * * ?" }, Token));
        var replaced = (ICronTrigger)(await scheduler.GetTrigger(trigger.Key, Token))!;
        Assert.AreEqual(("0 30 3 * * ?", "v2"), (replaced.CronExpressionString, replaced.JobDataMap.GetString(CronJobs.VersionKey)));
        Assert.AreEqual(1, (await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals("workflows"), Token)).Count);
    }

    private sealed class NoOpJob : IJob
    {
        public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
