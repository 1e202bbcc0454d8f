using System.Text.Json;
using Agent.Activities.Coordination.Distribution;
using Agent.Activities.Coordination.Messaging;
using Agent.Server.Serve;
using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;
using Agent.Workflows.Versioning;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using static Agent.Server.Tests.Cli.McpTestClient;

namespace Agent.Server.Tests.Cli;

/// <summary>agent_task_heartbeat and agent_task_complete through the MCP client, and the lease sweep of an in-process <c>agent serve</c>.</summary>
[TestClass]
public sealed class AgentTaskToolsTests
{
    private const string McpApiKey = "mcp-tests-api-key-0123456789";

    private static string Worker(string id) => $$"""
        {
          "definitionId": "{{id}}", "version": 1, "isPublished": true,
          "root": {
            "type": "Elsa.Flowchart", "id": "root",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "lease", "type": "Agent.LeaseTask", "agentId": { "typeName": "String", "expression": { "type": "Literal", "value": "impl-1" } } },
              { "id": "say", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "JavaScript", "value": "return 'working on ' + getOutputFrom('lease', 'task').id;" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "lease", "port": "In" } },
              { "source": { "activity": "lease", "port": "Done" }, "target": { "activity": "say", "port": "In" } }
            ]
          }
        }
        """;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    [TestCategory("Slow")]
    public async Task Holders_heartbeat_and_complete_through_the_tools_and_the_servers_sweep_hands_an_abandoned_task_to_a_waiting_workflow()
    {
        using var cli = new CliHarness();
        await using var app = AgentServer.Build(cli.ServerSettings(("Auth:ApiKeys:0", McpApiKey), ("Coordination:LeaseTimeout", "00:00:03"), ("Coordination:LeaseSweepInterval", "00:00:00.200")));
        await app.StartAsync(Token);
        try
        {
            var registry = app.Services.GetRequiredService<AgentRegistry>();
            await registry.RegisterAsync("impl-1", "implementer", AgentStatuses.Idle, Token);
            await registry.RegisterAsync("impl-2", "implementer", AgentStatuses.Idle, Token);
            var queue = app.Services.GetRequiredService<TaskQueue>();
            var instances = app.Services.GetRequiredService<IWorkflowInstanceStore>();
            var first = await StartAsync(app.Services, Worker("worker-1"));
            Assert.AreEqual(WorkflowStatus.Suspended, first.Status);

            await queue.EnqueueAsync([new TaskDraft { Id = "t1", Kind = "subtask", Role = "implementer" }], Token);
            CollectionAssert.AreEqual(new[] { "working on t1" }, (await instances.FindAsync(first.Id, Token))!.State.OutputLines, "the enqueue resumed the waiting workflow");
            await queue.EnqueueAsync([new TaskDraft { Id = "t2", Kind = "subtask", Role = "implementer" }], Token);
            Assert.AreEqual("t2", (await queue.LeaseAsync("impl-2", Token))!.Id);
            var second = await StartAsync(app.Services, Worker("worker-2"));
            Assert.AreEqual(WorkflowStatus.Suspended, second.Status, "t2 is held by impl-2, which will stop heartbeating");

            await using var client = await McpTestClient.ConnectAsync(new Uri(app.Urls.First()), McpApiKey, Token);
            async Task<JsonElement> Call(string tool, Dictionary<string, object?> arguments) =>
                JsonDocument.Parse(Text(await client.CallToolAsync(tool, arguments, cancellationToken: Token))).RootElement;
            async Task<string> Refused(string tool, Dictionary<string, object?> arguments) =>
                (await Assert.ThrowsAsync<McpException>(() => client.CallToolAsync(tool, arguments, cancellationToken: Token).AsTask())).Message;

            var beat = await Call("agent_task_heartbeat", new() { ["agent"] = "impl-1", ["taskId"] = "t1" });
            Assert.AreEqual("leased", beat.GetProperty("status").GetString(), beat.ToString());
            StringAssert.Contains(await Refused("agent_task_heartbeat", new() { ["agent"] = "impl-2", ["taskId"] = "t1" }), "held by agent impl-1 now");
            var done = await Call("agent_task_complete", new() { ["agent"] = "impl-1", ["taskId"] = "t1", ["result"] = new { status = "succeeded" } });
            Assert.AreEqual("done", done.GetProperty("status").GetString());
            Assert.AreEqual("done", (await Call("agent_task_complete", new() { ["agent"] = "impl-1", ["taskId"] = "t1", ["result"] = """{"status":"succeeded"}""" })).GetProperty("status").GetString(), "a retry with the same result is a no-op");
            StringAssert.Contains(await Refused("agent_task_complete", new() { ["agent"] = "impl-1", ["taskId"] = "t1", ["result"] = new { status = "failed" } }), "never redone");
            StringAssert.Contains(await Refused("agent_task_complete", new() { ["agent"] = "impl-1", ["taskId"] = "t2", ["result"] = "{ oops" }), "Invalid argument 'result'");
            StringAssert.Contains(await Refused("agent_task_heartbeat", new() { ["agent"] = "impl-1", ["taskId"] = "" }), "task id is empty");

            // impl-2 never heartbeats: after LeaseTimeout the server's sweep requeues t2 and resumes worker-2, which takes it.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            WorkflowInstance? resumed;
            while ((resumed = await instances.FindAsync(second.Id, Token))!.Status != WorkflowStatus.Finished && DateTime.UtcNow < deadline) await Task.Delay(200, Token);
            Assert.AreEqual(WorkflowStatus.Finished, resumed.Status);
            CollectionAssert.AreEqual(new[] { "working on t2" }, resumed.State.OutputLines);
            var t2 = await queue.GetAsync("t2", Token);
            Assert.AreEqual(("impl-1", 2), (t2.LeaseOwner, t2.Attempts));
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<WorkflowInstance> StartAsync(IServiceProvider services, string json)
    {
        var stored = await services.GetRequiredService<WorkflowDefinitionService>().StoreForRunAsync(json, "test", CancellationToken.None);
        return await services.GetRequiredService<WorkflowRuntime>().StartAsync(stored.Definition);
    }
}
