using Agent.Activities.Schedule;
using Agent.Activities.Tests.Approvals;
using Agent.Testing;
using Agent.Workflows.Persistence;
using Agent.Workflows.Versioning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Activities.Tests.Schedule;

/// <summary>A cron tick fired twice (a clustered Quartz recovery re-runs the job) starts one instance; two ticks start two.</summary>
[TestClass]
public sealed class ScheduledTickTests
{
    private const string Cron = """
        {
          "id": "ticking-v1", "definitionId": "ticking", "version": 1,
          "root": {
            "type": "Elsa.Flowchart", "id": "root",
            "activities": [
              { "id": "cron", "type": "Elsa.Cron", "cronExpression": { "typeName": "String", "expression": { "type": "Literal", "value": "*/2 * * * * *" } } },
              { "id": "tick", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "tick" } } }
            ],
            "connections": [ { "source": { "activity": "cron", "port": "Done" }, "target": { "activity": "tick", "port": "In" } } ]
          }
        }
        """;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task A_tick_fired_twice_starts_one_instance()
    {
        var folder = TempFolder.Create("agent-schedule-ticks");
        try
        {
            await FireTwiceAsync(folder);
        }
        finally
        {
            TempFolder.Delete(folder);
        }
    }

    private async Task FireTwiceAsync(string folder)
    {
        await using var host = await EngineHost.OpenAsync(folder, configure: s => s.AddWorkflowSchedule(new ConfigurationBuilder().Build(), Path.Combine(folder, "agent.db")));
        var definitions = host.Get<WorkflowDefinitionService>();
        await definitions.ImportAsync(Cron, TestContext.CancellationToken);
        await definitions.PublishAsync("ticking", TestContext.CancellationToken);
        var runner = host.Get<ScheduledWorkflowRunner>();
        var tick = new DateTimeOffset(2026, 12, 6, 14, 0, 2, TimeSpan.Zero);

        var first = await runner.RunAsync("ticking", tick, TestContext.CancellationToken);
        var again = await runner.RunAsync("ticking", tick, TestContext.CancellationToken);
        var next = await runner.RunAsync("ticking", tick.AddSeconds(2), TestContext.CancellationToken);

        Assert.IsTrue(first.Started, first.SkipReason);
        Assert.AreEqual(ScheduledTicks.InstanceId("ticking", tick), first.InstanceId);
        Assert.IsFalse(again.Started, "the same tick again starts nothing");
        StringAssert.Contains(again.SkipReason, first.InstanceId);
        Assert.IsTrue(next.Started, next.SkipReason);
        Assert.AreNotEqual(first.InstanceId, next.InstanceId);
        var stored = await host.Get<IWorkflowInstanceStore>().FindAsync(first.InstanceId!, TestContext.CancellationToken);
        Assert.AreEqual("schedule:ticking@2026-12-06T14:00:02.000Z", stored!.CorrelationId);
        Assert.AreEqual(2, await host.Get<IWorkflowInstanceStore>().CountAsync(new InstanceQuery("ticking", null), TestContext.CancellationToken));
    }

    [TestMethod]
    public void Tick_ids_depend_on_the_definition_and_the_instant_only()
    {
        var tick = new DateTimeOffset(2026, 12, 6, 15, 0, 0, TimeSpan.FromHours(1));
        Assert.AreEqual(ScheduledTicks.InstanceId("nightly", tick), ScheduledTicks.InstanceId("nightly", tick.ToUniversalTime()));
        Assert.AreNotEqual(ScheduledTicks.InstanceId("nightly", tick), ScheduledTicks.InstanceId("weekly", tick));
        Assert.AreEqual(32, ScheduledTicks.InstanceId("nightly", tick).Length);
    }
}
