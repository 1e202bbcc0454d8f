using Agent.Activities.Coordination.Distribution;
using Agent.Activities.Coordination.Messaging;
using Agent.Activities.Coordination.Spawning;
using Agent.ModelServer;
using Agent.ModelServer.Scripts;

namespace Agent.Server.Tests.Cli;

/// <summary>
/// A spawned agent end to end: <c>agent agents spawn</c> starts workflows/agent-worker.json, which leases the queued task
/// and runs the real Claude CLI against the scripted model server with <c>./agent mcp</c> as its coordination server; the
/// scripted model calls <c>agent_send</c>, and the message lands in coordination.db next to the worker's own result.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class CliSpawnEndToEndTests
{
    private const string Parent = "coord";
    private const string RequestId = "e2e-spawn-1";

    private static readonly string AgentId = AgentSpawner.AgentIdFor("implementer", RequestId);

    // The CLI does not wait for MCP servers in -p mode: until a request offers the tool, the last rule keeps the
    // conversation going with a Read (no permission needed) after a short pause.
    private static readonly string Script = """
        { "rules": [
          { "match": { "toolResultContains": "recipients" }, "respond": { "text": "sent the note" } },
          { "match": { "hasTool": "mcp__agent__agent_send" },
            "respond": { "toolUse": [ { "name": "mcp__agent__agent_send", "input": { "agent": "AGENT_ID", "type": "question", "to": "coord",
              "payload": { "text": "note from the spawned agent" }, "correlationId": "e2e" } } ] } },
          { "fault": { "stallMs": 500 }, "respond": { "toolUse": [ { "name": "Read", "input": { "file_path": "{{cwd}}/notes.txt" } } ] } } ] }
        """.Replace("AGENT_ID", AgentId, StringComparison.Ordinal);

    private static string Enqueuer(string work) => $$"""
        {
          "definitionId": "e2e-enqueue", "version": 1, "isPublished": true,
          "root": {
            "type": "Elsa.Flowchart", "id": "root",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "enqueue", "type": "Agent.EnqueueTasks",
                "correlationId": { "typeName": "String", "expression": { "type": "Literal", "value": "e2e" } },
                "tasks": { "typeName": "Object", "expression": { "type": "JavaScript",
                  "value": "return [{ id: 'work-1', kind: 'subtask', role: 'implementer', payload: { prompt: 'tell the coordinator you started', cwd: '{{work.Replace("\\", "\\\\")}}' } }];" } } }
            ],
            "connections": [ { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "enqueue", "port": "In" } } ]
          }
        }
        """;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task A_spawned_agent_calls_agent_send_through_agent_mcp_and_the_message_is_stored()
    {
        var (built, _, buildError) = await AgentWrapper.RunAsync(["--help"], null, TestContext.CancellationToken);
        Assert.AreEqual(0, built, buildError);
        await using var model = new ScriptedModelServer(ScriptLoader.Parse(Script));
        var url = await model.StartAsync(TestContext.CancellationToken);
        using var cli = new CliHarness();
        foreach (var (key, value) in cli.ModelSettings(url)) cli.With(key, value);
        cli.With("Coordination:McpCommand", "bash").With("Coordination:McpArguments:0", Path.Combine(AgentRepository.Root, "agent"))
            .With("Coordination:McpEnvironment:AGENT_Agent__DataDirectory", Path.Combine(cli.Folder, ".data"));
        var work = cli.Subfolder("work");
        await File.WriteAllTextAsync(Path.Combine(work, "notes.txt"), "waiting for the agent MCP server", TestContext.CancellationToken);
        var database = new CoordinationDatabase(Path.Combine(cli.Folder, ".data", "coordination.db"));
        await new AgentRegistry(database, TimeProvider.System).RegisterAsync(Parent, "planner", AgentStatuses.Idle, TestContext.CancellationToken);
        var imported = await cli.RunAsync("workflows", "import", Path.Combine(AgentRepository.Root, "workflows", "agent-worker.json"));
        Assert.AreEqual(0, imported.ExitCode, imported.ToString());
        var enqueued = await cli.RunAsync("run", cli.WriteFile("enqueue.json", Enqueuer(work)));
        Assert.AreEqual(0, enqueued.ExitCode, enqueued.ToString());

        var spawned = await cli.RunAsync("agents", "spawn", "--role", "implementer", "--parent", Parent, "--request-id", RequestId, "--correlation", "e2e");

        Assert.AreEqual(0, spawned.ExitCode, spawned.ToString());
        StringAssert.Contains(spawned.Output, AgentId);
        var store = new MessageStore(database);
        var received = await store.ListRecentAsync(Parent, 10, TestContext.CancellationToken);
        var worker = await cli.RunAsync("instances", "show", AgentSpawner.InstanceIdFor(AgentId));
        var diagnostics = $"{spawned}\n{worker}\nmodel requests: {model.Log.MessagesRequests.Count}";
        var note = received.Select(d => d.Message).SingleOrDefault(m => m.Type == "question" && m.Sender == AgentId);
        Assert.IsNotNull(note, $"the scripted model's agent_send reached coordination.db; got: {string.Join("; ", received.Select(d => $"{d.Message.Type} from {d.Message.Sender}"))}\n{diagnostics}");
        StringAssert.Contains(note.Payload.GetRawText(), "note from the spawned agent");
        var result = received.Select(d => d.Message).Single(m => m.Type == "result" && m.Sender == AgentId);
        StringAssert.Contains(result.Payload.GetRawText(), "sent the note");
        var task = await new TaskStore(database).FindAsync("work-1", TestContext.CancellationToken);
        Assert.AreEqual(TaskStatuses.Done, task!.Status);
        Assert.AreEqual(AgentStatuses.Stopped, (await new AgentRegistry(database, TimeProvider.System).FindAsync(AgentId, TestContext.CancellationToken))!.Status);
    }
}
