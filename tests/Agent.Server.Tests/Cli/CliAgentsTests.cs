using Agent.Activities.Coordination.Messaging;

namespace Agent.Server.Tests.Cli;

[TestClass]
public sealed class CliAgentsTests
{
    private const string Sender = """
        {
          "definitionId": "ask-reviewers", "version": 1, "isPublished": true,
          "root": {
            "type": "Elsa.Flowchart", "id": "root",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "send", "type": "Agent.SendMessage",
                "messageType": { "typeName": "String", "expression": { "type": "Literal", "value": "task" } },
                "sender": { "typeName": "String", "expression": { "type": "Literal", "value": "planner-1" } },
                "to": { "typeName": "String", "expression": { "type": "Literal", "value": "role:reviewer" } },
                "payload": { "typeName": "Object", "expression": { "type": "Literal", "value": "{ \"title\": \"Review fix-calc\" }" } } }
            ],
            "connections": [ { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "send", "port": "In" } } ]
          }
        }
        """;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [TestCategory("Slow")]
    public async Task List_show_and_messages_describe_the_agents_and_a_role_message_sent_by_a_workflow()
    {
        using var cli = new CliHarness();
        var registry = new AgentRegistry(new CoordinationDatabase(Path.Combine(cli.Folder, ".data", "coordination.db")), TimeProvider.System);
        foreach (var (id, role) in new[] { ("planner-1", "planner"), ("rev-1", "reviewer"), ("rev-2", "reviewer") })
            await registry.RegisterAsync(id, role, AgentStatuses.Idle, TestContext.CancellationToken);
        var empty = await cli.RunAsync("agents", "messages");
        Assert.AreEqual("No messages yet.", empty.Output.Trim(), empty.ToString());

        var run = await cli.RunAsync("run", cli.WriteFile("ask.json", Sender));
        Assert.AreEqual(0, run.ExitCode, run.ToString());

        var list = await cli.RunAsync("agents", "list");
        Assert.AreEqual(0, list.ExitCode, list.ToString());
        StringAssert.Contains(list.Output, "rev-2");
        StringAssert.Contains(list.Output, "reviewer");
        var json = (await cli.RunAsync("agents", "list", "--json")).Json();
        var rev1 = json.EnumerateArray().Single(a => a.GetProperty("id").GetString() == "rev-1");
        Assert.AreEqual(1, rev1.GetProperty("messages").GetProperty("pending").GetInt32());
        Assert.IsTrue(json.EnumerateArray().Single(a => a.GetProperty("id").GetString() == "planner-1").GetProperty("lastSeenAt").ValueKind != System.Text.Json.JsonValueKind.Null);

        var show = await cli.RunAsync("agents", "show", "rev-1");
        Assert.AreEqual(0, show.ExitCode, show.ToString());
        StringAssert.Contains(show.Output, "role:       reviewer");
        StringAssert.Contains(show.Output, "1 pending, 0 delivered, 0 acked");
        StringAssert.Contains(show.Output, "Review fix-calc");

        var messages = (await cli.RunAsync("agents", "messages", "--agent", "rev-2", "--json")).Json();
        Assert.AreEqual(1, messages.GetArrayLength());
        Assert.AreEqual(("task", "role:reviewer", "pending"), (messages[0].GetProperty("message").GetProperty("type").GetString(),
            messages[0].GetProperty("message").GetProperty("recipient").GetString(), messages[0].GetProperty("state").GetString()));
        var table = await cli.RunAsync("agents", "messages");
        StringAssert.Contains(table.Output, "rev-1");
        StringAssert.Contains(table.Output, "rev-2");

        var ghost = await cli.RunAsync("agents", "show", "ghost");
        Assert.AreEqual(2, ghost.ExitCode, ghost.ToString());
        StringAssert.Contains(ghost.Error, "No agent has id 'ghost'; list the registered agents with 'agent agents list'.");
        Assert.AreEqual(2, (await cli.RunAsync("agents", "messages", "--agent", "ghost")).ExitCode);
        Assert.AreEqual(2, (await cli.RunAsync("agents", "messages", "--take", "0")).ExitCode);
    }

    [TestMethod]
    public async Task Invalid_coordination_settings_are_refused_naming_the_key()
    {
        using var cli = new CliHarness();
        cli.With("Coordination:MaxAgents", "0").With("Coordination:DeliveryPollInterval", "00:00:00");
        var result = await cli.RunAsync("agents", "list");
        Assert.AreEqual(2, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Error, "Coordination:MaxAgents: must be from 1 to 64");
        StringAssert.Contains(result.Error, "Coordination:DeliveryPollInterval: must be from 00:00:00.010 to 00:10:00");
    }
}
