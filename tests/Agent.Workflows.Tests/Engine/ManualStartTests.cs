using Agent.Workflows.Execution;
using Agent.Workflows.Runtime;
using static Agent.Workflows.Tests.Engine.Def;

namespace Agent.Workflows.Tests.Engine;

/// <summary>StartWorkflowOptions.FireStartTrigger: "run it now" fires a time trigger at the start, and nothing else.</summary>
[TestClass]
public sealed class ManualStartTests
{
    private static string StartingWith(string type, string input, string value) => Flowchart(
        [A("trigger", type, (input, Lit(value))), WriteLine("after", "ran")], [C("trigger", "after")]);

    [TestMethod]
    public async Task A_cron_start_waits_for_its_time_unless_the_start_fires_it()
    {
        var engine = new TestEngine();
        var flow = StartingWith("Elsa.Cron", "cronExpression", "0 0 2 * * *");

        var waiting = await engine.StartAsync(flow);
        var fired = await engine.StartAsync(flow, new StartWorkflowOptions { FireStartTrigger = true });

        Assert.AreEqual(WorkflowStatus.Suspended, waiting.Status);
        Assert.AreEqual(WorkflowStatus.Finished, fired.Status);
        CollectionAssert.AreEqual(new[] { "ran" }, fired.State.OutputLines);
    }

    [TestMethod]
    public async Task An_event_start_still_waits_for_its_event()
    {
        var engine = new TestEngine();
        var instance = await engine.StartAsync(StartingWith("Elsa.Event", "eventName", "go"), new StartWorkflowOptions { FireStartTrigger = true });
        Assert.AreEqual(WorkflowStatus.Suspended, instance.Status, "an event's payload cannot be made up");
    }
}
