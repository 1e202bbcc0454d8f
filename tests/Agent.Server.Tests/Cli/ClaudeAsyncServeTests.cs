using Agent.Activities.Claude;
using Agent.ModelServer;
using Agent.ModelServer.Scripts;
using Agent.Server.Serve;
using Agent.Workflows.Execution;
using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;
using Agent.Workflows.Versioning;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Server.Tests.Cli;

/// <summary>
/// ClaudeExecute in async mode inside <c>agent serve</c>: the workflow waits on background jobs without holding the
/// engine, the server resumes it when they end, and a restart in between resumes it with the jobs interrupted.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class ClaudeAsyncServeTests
{
    private const string Script = """
        { "rules": [
          { "match": { "promptContains": "quick task" }, "respond": { "text": "quick done" } },
          { "match": { "promptContains": "slow task" }, "fault": { "stallMs": 120000 } } ] }
        """;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    private static string Definition(string id, string prompt, string cwd) => $$"""
        {
          "definitionId": "{{id}}", "version": 1,
          "root": {
            "type": "Elsa.Flowchart", "id": "root",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "exec", "type": "Agent.ClaudeExecute",
                "mode": { "typeName": "String", "expression": { "type": "Literal", "value": "async" } },
                "prompt": { "typeName": "String", "expression": { "type": "Literal", "value": "{{prompt}}" } },
                "cwd": { "typeName": "String", "expression": { "type": "Literal", "value": "{{cwd}}" } } },
              { "id": "ok", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "JavaScript", "value": "'done: ' + getOutputFrom('exec', 'result').text" } } },
              { "id": "failed", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "JavaScript", "value": "'failed: ' + getOutputFrom('exec', 'result').state" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "exec", "port": "In" } },
              { "source": { "activity": "exec", "port": "Done" }, "target": { "activity": "ok", "port": "In" } },
              { "source": { "activity": "exec", "port": "Failed" }, "target": { "activity": "failed", "port": "In" } }
            ]
          }
        }
        """;

    [TestMethod]
    public async Task The_server_resumes_the_workflow_when_its_job_ends_and_after_a_restart_with_the_job_interrupted()
    {
        await using var model = new ScriptedModelServer(ScriptLoader.Parse(Script));
        var url = await model.StartAsync(Token);
        using var cli = new CliHarness();
        var work = cli.Subfolder("work");
        var settings = cli.ServerSettings([("Server:ClaudeJobPollInterval", "00:00:00.200"), .. cli.ModelSettings(url)]);

        string slowId;
        await using (var first = AgentServer.Build(settings))
        {
            await first.StartAsync(Token);
            var quick = await StartAsync(first, Definition("quick", "the quick task", work));
            Assert.AreEqual(WorkflowStatus.Suspended, quick.Status, "the workflow waits on its job");
            var quickDone = await WaitForAsync(first, quick.Id, WorkflowStatus.Finished);
            CollectionAssert.Contains(quickDone.State.OutputLines, "done: quick done");

            var slow = await StartAsync(first, Definition("slow", "the slow task", work));
            slowId = slow.Id;
            for (var waited = 0; waited < 60_000 && model.Log.InFlight == 0; waited += 100) await Task.Delay(100, Token);
            Assert.AreEqual(1, model.Log.InFlight, "the slow job's request is at the model when the server stops");
            await first.StopAsync(Token);
        }

        await using var second = AgentServer.Build(settings);
        await second.StartAsync(Token);
        try
        {
            var resumed = await WaitForAsync(second, slowId, WorkflowStatus.Finished);
            CollectionAssert.Contains(resumed.State.OutputLines, "failed: interrupted");
        }
        finally
        {
            await second.StopAsync(CancellationToken.None);
        }
    }

    private async Task<WorkflowInstance> StartAsync(WebApplication app, string json)
    {
        var stored = await app.Services.GetRequiredService<WorkflowDefinitionService>().StoreForRunAsync(json, "test", Token);
        return await app.Services.GetRequiredService<WorkflowRuntime>().StartAsync(stored.Definition, null, Token);
    }

    private async Task<WorkflowInstance> WaitForAsync(WebApplication app, string instanceId, WorkflowStatus status)
    {
        var store = app.Services.GetRequiredService<IWorkflowInstanceStore>();
        WorkflowInstance? instance = null;
        for (var waited = 0; waited < 60_000; waited += 100)
        {
            instance = await store.FindAsync(instanceId, Token);
            if (instance?.Status == status) return instance;
            await Task.Delay(100, Token);
        }
        Assert.Fail($"instance {instanceId} is {instance?.Status}, not {status}; incidents: {string.Join("; ", instance?.State.Incidents.Select(i => i.Message) ?? [])}");
        return null!;
    }
}
