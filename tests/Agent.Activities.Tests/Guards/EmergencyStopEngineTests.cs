using Agent.Activities.Claude;
using Agent.Activities.Guards;
using Agent.Activities.Tests.Claude;
using Agent.Activities.Tests.Coordination.Spawning;
using Agent.ModelServer;
using Agent.ModelServer.Scripts;
using Agent.Workflows;
using Agent.Workflows.Model;
using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Activities.Tests.Guards;

[TestClass]
public sealed class EmergencyStopEngineTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Stopping_kills_the_claude_run_of_a_running_instance_and_cancels_the_instance()
    {
        var folder = TempFolder.Create("agent-stop-tests");
        await using var model = new ScriptedModelServer(ScriptLoader.Parse("""{ "rules": [ { "fault": { "stallMs": 120000 }, "respond": { "text": "late" } } ] }"""));
        var url = await model.StartAsync(TestContext.CancellationToken);
        var services = new ServiceCollection();
        services.AddWorkflowEngine();
        services.AddWorkflowPersistence(o => o.DatabasePath = Path.Combine(folder, "agent.db"));
        services.AddClaudeRunner(o => { o.BaseUrl = url.ToString(); o.ApiKey = "sk-test"; o.MaxAttempts = 1; });
        services.AddClaudeActivities();
        services.AddGuards(new ConfigurationBuilder().Build(), Path.Combine(folder, "agent.db"), folder);
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IWorkflowDatabaseInitializer>().InitializeAsync(TestContext.CancellationToken);
        var runtime = provider.GetRequiredService<Agent.Workflows.Runtime.WorkflowRuntime>();
        var definitions = provider.GetRequiredService<Agent.Workflows.Versioning.WorkflowDefinitionService>();
        var json = Wf.Flowchart(
            [Wf.Start(), Wf.Activity("exec", "Agent.ClaudeExecute", ("prompt", Wf.Lit("stall please")), ("cwd", Wf.Lit(folder))), Wf.WriteLine("after", "return 'after';")],
            [Wf.Connect("start", "exec"), Wf.Connect("exec", "after"), Wf.Connect("exec", "after", "Failed")]);
        var stored = await definitions.StoreForRunAsync(json, "test", TestContext.CancellationToken);

        var running = Task.Run(() => runtime.StartAsync(stored.Definition, null, TestContext.CancellationToken));
        var registry = provider.GetRequiredService<ClaudeRunRegistry>();
        for (var waited = 0; registry.ActiveRuns == 0 && waited < 60_000; waited += 50) await Task.Delay(50, TestContext.CancellationToken);
        Assert.AreEqual(1, registry.ActiveRuns);

        var (_, killed) = await provider.GetRequiredService<EmergencyStopEnforcer>().StopAsync("tester", "test", TestContext.CancellationToken);
        var instance = await running;

        Assert.AreEqual(1, killed);
        var store = provider.GetRequiredService<IWorkflowInstanceStore>();
        var stored2 = (await store.FindAsync(instance.Id))!;
        // The cancel commits once the runner let go of the instance; wait for that commit.
        for (var waited = 0; stored2.Status != WorkflowStatus.Cancelled && waited < 10_000; waited += 50)
        {
            await Task.Delay(50, TestContext.CancellationToken);
            stored2 = (await store.FindAsync(instance.Id))!;
        }
        Assert.AreEqual(WorkflowStatus.Cancelled, stored2.Status, "the instance stopped after the killed activity");
        CollectionAssert.DoesNotContain(stored2.State.OutputLines, "after");
        var result = (await runtime.StartAsync(stored.Definition, null, TestContext.CancellationToken));
        var view = (Dictionary<string, object?>)result.State.ActivityOutputs["exec"]["result"]!;
        Assert.AreEqual("refused", view["subtype"], "a new run is refused while stopped");
        TempFolder.Delete(folder);
    }

    [TestMethod]
    [TestCategory("Slow")]
    public async Task A_process_that_sees_the_stop_late_cancels_what_ran_before_it_and_leaves_what_started_after_it()
    {
        var folder = TempFolder.Create("agent-stop-tests");
        var gate = new ActiveWorkerHeartbeatsTests.HoldGate();
        var services = new ServiceCollection();
        services.AddWorkflowEngine();
        services.AddWorkflowPersistence(o => o.DatabasePath = Path.Combine(folder, "agent.db"));
        services.AddClaudeRunner(o => { o.BaseUrl = "http://127.0.0.1:9/"; o.ApiKey = "sk-test"; o.MaxAttempts = 1; });
        services.AddClaudeActivities();
        services.AddGuards(new ConfigurationBuilder().Build(), Path.Combine(folder, "agent.db"), folder);
        services.AddSingleton(gate).AddActivity<ActiveWorkerHeartbeatsTests.HoldWork>();
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IWorkflowDatabaseInitializer>().InitializeAsync(TestContext.CancellationToken);
        var runtime = provider.GetRequiredService<WorkflowRuntime>();
        var json = Wf.Flowchart(
            [Wf.Start(), Wf.Activity("hold", "Test.HoldWork"), Wf.WriteLine("after", "return 'after the hold';")],
            [Wf.Connect("start", "hold"), Wf.Connect("hold", "after")]);
        var stored = await provider.GetRequiredService<Agent.Workflows.Versioning.WorkflowDefinitionService>().StoreForRunAsync(json, "test", TestContext.CancellationToken);
        async Task<Task<WorkflowInstance>> StartHeldAsync(string id)
        {
            var started = Task.Run(() => runtime.StartAsync(stored.Definition, new StartWorkflowOptions { InstanceId = id }, TestContext.CancellationToken));
            for (var waited = 0; !runtime.ActiveInstanceIds.Contains(id) && waited < 30_000; waited += 20) await Task.Delay(20, TestContext.CancellationToken);
            Assert.Contains(id, runtime.ActiveInstanceIds, $"instance {id} runs (held)");
            return started;
        }

        // One instance runs when another process sets the stop; this process starts a second one (the guards would
        // refuse its cycle) before its watcher first looks at the stop file.
        var before = await StartHeldAsync("started-before-the-stop");
        await provider.GetRequiredService<EmergencyStop>().SetAsync("another process", "test", TestContext.CancellationToken);
        var after = await StartHeldAsync("started-after-the-stop");
        await provider.GetRequiredService<EmergencyStopEnforcer>().EnforceAsync(TestContext.CancellationToken);
        gate.Release.SetResult();

        var left = await after;
        Assert.AreEqual(WorkflowStatus.Finished, left.Status, "an instance created after the stop must end on its own, writing why nothing ran");
        CollectionAssert.Contains(left.State.OutputLines, "after the hold");
        await before;
        var store = provider.GetRequiredService<IWorkflowInstanceStore>();
        var cancelled = (await store.FindAsync("started-before-the-stop", TestContext.CancellationToken))!;
        for (var waited = 0; cancelled.Status != WorkflowStatus.Cancelled && waited < 10_000; waited += 50)
        {
            await Task.Delay(50, TestContext.CancellationToken);
            cancelled = (await store.FindAsync("started-before-the-stop", TestContext.CancellationToken))!;
        }
        Assert.AreEqual(WorkflowStatus.Cancelled, cancelled.Status, "the instance that ran when the stop was set is cancelled");
        CollectionAssert.DoesNotContain(cancelled.State.OutputLines, "after the hold");
        TempFolder.Delete(folder);
    }
}
