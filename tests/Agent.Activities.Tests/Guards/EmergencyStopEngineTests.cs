using Agent.Activities.Claude;
using Agent.Activities.Guards;
using Agent.Activities.Tests.Claude;
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
}
