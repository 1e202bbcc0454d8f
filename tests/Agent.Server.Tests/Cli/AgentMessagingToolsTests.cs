using System.Text.Json;
using Agent.Activities.Coordination.Messaging;
using Agent.Server.Serve;
using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;
using Agent.Workflows.Versioning;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using static Agent.Server.Tests.Cli.McpTestClient;

namespace Agent.Server.Tests.Cli;

/// <summary>agent_send, agent_inbox and agent_ack through the official MCP client against an in-process <c>agent serve</c>.</summary>
[TestClass]
public sealed class AgentMessagingToolsTests
{
    private const string McpApiKey = "mcp-tests-api-key-0123456789";

    private const string Receiver = """
        {
          "definitionId": "impl-worker", "version": 1, "isPublished": true,
          "root": {
            "type": "Elsa.Flowchart", "id": "root",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "recv", "type": "Agent.ReceiveMessage", "agentId": { "typeName": "String", "expression": { "type": "Literal", "value": "impl-1" } },
                "messageType": { "typeName": "String", "expression": { "type": "Literal", "value": "task" } } },
              { "id": "say", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "JavaScript", "value": "return 'working on ' + getOutputFrom('recv', 'message').payload.title;" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "recv", "port": "In" } },
              { "source": { "activity": "recv", "port": "Done" }, "target": { "activity": "say", "port": "In" } }
            ]
          }
        }
        """;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    [TestCategory("Slow")]
    public async Task Agents_exchange_messages_through_the_tools_a_send_resumes_a_waiting_workflow_and_bad_input_is_invalid_params()
    {
        using var cli = new CliHarness();
        await using var app = AgentServer.Build(cli.ServerSettings(("Auth:ApiKeys:0", McpApiKey)));
        await app.StartAsync(Token);
        try
        {
            var registry = app.Services.GetRequiredService<AgentRegistry>();
            foreach (var (id, role) in new[] { ("planner-1", "planner"), ("impl-1", "implementer"), ("rev-1", "reviewer") })
                await registry.RegisterAsync(id, role, AgentStatuses.Idle, Token);
            var stored = await app.Services.GetRequiredService<WorkflowDefinitionService>().StoreForRunAsync(Receiver, "test", Token);
            var worker = await app.Services.GetRequiredService<WorkflowRuntime>().StartAsync(stored.Definition, cancellationToken: Token);
            Assert.AreEqual(WorkflowStatus.Suspended, worker.Status);
            await using var client = await McpTestClient.ConnectAsync(new Uri(app.Urls.First()), McpApiKey, Token);

            var tools = (await client.ListToolsAsync(cancellationToken: Token)).Select(t => t.Name).ToList();
            CollectionAssert.IsSubsetOf(new[] { "agent_send", "agent_inbox", "agent_ack" }, tools);

            // A send resumes the workflow waiting for impl-1's task before the call returns.
            var sent = await client.CallToolAsync("agent_send", new Dictionary<string, object?>
            {
                ["agent"] = "planner-1", ["type"] = "task", ["to"] = "impl-1", ["payload"] = new { title = "Fix CalcTests" },
            }, cancellationToken: Token);
            var receipt = JsonDocument.Parse(Text(sent)).RootElement;
            Assert.AreEqual("impl-1", receipt.GetProperty("recipients")[0].GetString(), Text(sent));
            var instance = await app.Services.GetRequiredService<IWorkflowInstanceStore>().FindAsync(worker.Id, Token);
            Assert.AreEqual(WorkflowStatus.Finished, instance!.Status);
            CollectionAssert.AreEqual(new[] { "working on Fix CalcTests" }, instance.State.OutputLines);

            // A question waits in the reviewer's inbox call until it arrives; the answer goes back by correlation id.
            var waiting = client.CallToolAsync("agent_inbox", new Dictionary<string, object?> { ["agent"] = "rev-1", ["waitSeconds"] = 20 }, cancellationToken: Token).AsTask();
            await Task.Delay(200, Token);
            Assert.IsFalse(waiting.IsCompleted, "no message yet: the call waits");
            var asked = await client.CallToolAsync("agent_send", new Dictionary<string, object?>
            {
                ["agent"] = "impl-1", ["type"] = "question", ["to"] = "role:reviewer", ["payload"] = """{ "text": "Is the fix in scope?" }""",
            }, cancellationToken: Token);
            var questionId = JsonDocument.Parse(Text(asked)).RootElement.GetProperty("id").GetString()!;
            var inbox = JsonDocument.Parse(Text(await waiting.WaitAsync(TimeSpan.FromSeconds(15), Token))).RootElement;
            Assert.AreEqual(1, inbox.GetArrayLength(), inbox.ToString());
            Assert.AreEqual(("question", "impl-1", "Is the fix in scope?", "delivered"), (inbox[0].GetProperty("type").GetString(), inbox[0].GetProperty("from").GetString(),
                inbox[0].GetProperty("payload").GetProperty("text").GetString(), inbox[0].GetProperty("state").GetString()));
            var again = JsonDocument.Parse(Text(await client.CallToolAsync("agent_inbox", new Dictionary<string, object?> { ["agent"] = "rev-1" }, cancellationToken: Token))).RootElement;
            Assert.AreEqual(0, again.GetArrayLength(), "handed over once");
            var unacked = JsonDocument.Parse(Text(await client.CallToolAsync("agent_inbox", new Dictionary<string, object?> { ["agent"] = "rev-1", ["includeUnacked"] = true }, cancellationToken: Token))).RootElement;
            Assert.AreEqual(questionId, unacked[0].GetProperty("id").GetString(), "until acked, it can be asked for again explicitly");
            var acked = JsonDocument.Parse(Text(await client.CallToolAsync("agent_ack", new Dictionary<string, object?> { ["agent"] = "rev-1", ["messageIds"] = new[] { questionId } }, cancellationToken: Token))).RootElement;
            Assert.AreEqual("acked", acked[0].GetProperty("state").GetString());
            await client.CallToolAsync("agent_send", new Dictionary<string, object?>
            {
                ["agent"] = "rev-1", ["type"] = "answer", ["to"] = "impl-1", ["correlationId"] = questionId, ["payload"] = new { text = "Yes" },
            }, cancellationToken: Token);
            var answer = JsonDocument.Parse(Text(await client.CallToolAsync("agent_inbox", new Dictionary<string, object?> { ["agent"] = "impl-1", ["correlationId"] = questionId }, cancellationToken: Token))).RootElement;
            Assert.AreEqual("Yes", answer[0].GetProperty("payload").GetProperty("text").GetString());

            async Task<string> Refused(string tool, Dictionary<string, object?> arguments) =>
                (await Assert.ThrowsAsync<McpException>(() => client.CallToolAsync(tool, arguments, cancellationToken: Token).AsTask())).Message;
            StringAssert.Contains(await Refused("agent_send", new() { ["agent"] = "planner-1", ["type"] = "task", ["to"] = "impl-1", ["payload"] = "{ \"title\": " }),
                "Invalid argument 'payload': The payload is not valid JSON");
            StringAssert.Contains(await Refused("agent_send", new() { ["agent"] = "planner-1", ["type"] = "task", ["to"] = "impl-9", ["payload"] = new { title = "x" } }),
                "Invalid argument 'to': No agent has id 'impl-9'");
            StringAssert.Contains(await Refused("agent_send", new() { ["agent"] = "", ["type"] = "task", ["to"] = "impl-1", ["payload"] = new { title = "x" } }),
                "Invalid argument 'sender': The sender is empty");
            StringAssert.Contains(await Refused("agent_send", new() { ["agent"] = "planner-1", ["type"] = "gossip", ["to"] = "impl-1", ["payload"] = new { } }),
                "'gossip' is not a message type");
            StringAssert.Contains(await Refused("agent_send", new() { ["agent"] = "rev-1", ["type"] = "review", ["to"] = "impl-1", ["payload"] = new { verdict = "maybe", reasons = new[] { "x" } } }),
                "$.verdict is 'maybe'; give one of approve, reject");
            StringAssert.Contains(await Refused("agent_inbox", new() { ["agent"] = "ghost" }), "No agent has id 'ghost'");
            StringAssert.Contains(await Refused("agent_inbox", new() { ["agent"] = "rev-1", ["waitSeconds"] = -1 }), "Invalid argument 'waitSeconds'");
            StringAssert.Contains(await Refused("agent_ack", new() { ["agent"] = "rev-1", ["messageIds"] = new[] { "nope" } }), "Message 'nope' is not addressed to agent 'rev-1'");

            var all = await app.Services.GetRequiredService<MessageStore>().ListRecentAsync(null, 100, Token);
            Assert.AreEqual(3, all.Select(d => d.Message.Id).Distinct().Count(), "the refused sends stored nothing");
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
    }

    [TestMethod]
    public async Task The_servers_start_up_pass_delivers_a_message_stored_while_its_workflow_waited_and_the_server_was_down()
    {
        using var cli = new CliHarness();
        var coordination = new CoordinationDatabase(Path.Combine(cli.Folder, ".data", "coordination.db"));
        var registry = new AgentRegistry(coordination, TimeProvider.System);
        await registry.RegisterAsync("planner-1", "planner", AgentStatuses.Idle, Token);
        await registry.RegisterAsync("impl-1", "implementer", AgentStatuses.Waiting, Token);
        var run = await cli.RunAsync("run", cli.WriteFile("worker.json", Receiver), "--json");
        Assert.AreEqual("Suspended", run.Json().GetProperty("status").GetString(), run.ToString());
        var instanceId = run.Json().GetProperty("instanceId").GetString()!;
        // The send's first half, as if its process died before resuming anyone.
        var draft = MessageValidator.Validate(new MessageDraft { Type = "task", Sender = "planner-1", To = "impl-1", Payload = """{ "title": "Recover me" }""" }, 65536);
        await new MessageStore(coordination).InsertAsync(draft, "m-offline", DateTimeOffset.UtcNow, Token);

        await using var app = AgentServer.Build(cli.ServerSettings(("Auth:ApiKeys:0", McpApiKey)));
        await app.StartAsync(Token);
        try
        {
            var store = app.Services.GetRequiredService<IWorkflowInstanceStore>();
            WorkflowInstance? instance = null;
            for (var waited = 0; waited < 15_000; waited += 100)
            {
                instance = await store.FindAsync(instanceId, Token);
                if (instance?.Status == WorkflowStatus.Finished) break;
                await Task.Delay(100, Token);
            }
            Assert.AreEqual(WorkflowStatus.Finished, instance?.Status);
            CollectionAssert.AreEqual(new[] { "working on Recover me" }, instance!.State.OutputLines);
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
        var messages = (await cli.RunAsync("agents", "messages", "--json")).Json();
        Assert.AreEqual(("m-offline", "acked"), (messages[0].GetProperty("message").GetProperty("id").GetString(), messages[0].GetProperty("state").GetString()));
    }
}
