using Agent.Activities.Coordination.Distribution;
using Agent.Activities.Coordination.Messaging;

namespace Agent.Server.Tests.Coordination;

/// <summary>Bad input to the coordination as a running system sees it: a server that must not start, and refused tasks and spawns that store nothing.</summary>
[TestClass]
[TestCategory("Slow")]
public sealed class CoordinationBadInputTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Agent_serve_with_MaxAgents_0_does_not_start_and_names_the_key()
    {
        using var cli = new CliHarness();

        var e = await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => ServerProcess.StartAsync(cli, TestContext.CancellationToken, ("Coordination:MaxAgents", "0")));

        StringAssert.Contains(e.Message, "Coordination:MaxAgents: must be from 1 to 64");
        Assert.IsFalse(File.Exists(Path.Combine(cli.Folder, ".data", "coordination.db")), "nothing was stored");
    }

    [TestMethod]
    public async Task A_spawn_for_an_unknown_parent_and_an_enqueue_with_one_bad_task_store_nothing()
    {
        using var cli = new CliHarness();
        var database = new CoordinationDatabase(Path.Combine(cli.Folder, ".data", "coordination.db"));
        var imported = await cli.RunAsync("workflows", "import", Path.Combine(AgentRepository.Root, "workflows", "agent-worker.json"));
        Assert.AreEqual(0, imported.ExitCode, imported.ToString());

        var spawn = await cli.RunAsync("agents", "spawn", "--role", "implementer", "--parent", "nobody", "--request-id", "bad-1");
        var enqueue = await cli.RunAsync("run", cli.WriteFile("enqueue.json", """
            {
              "definitionId": "bad-enqueue", "version": 1, "isPublished": true,
              "root": { "type": "Elsa.Flowchart", "id": "root",
                "activities": [
                  { "id": "start", "type": "Elsa.Start" },
                  { "id": "enqueue", "type": "Agent.EnqueueTasks", "tasks": { "typeName": "Object", "expression": { "type": "JavaScript",
                    "value": "return [{ id: 'good', kind: 'subtask', role: 'implementer' }, { id: 'bad', kind: 'subtask', role: 'wizard' }];" } } } ],
                "connections": [ { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "enqueue", "port": "In" } } ] }
            }
            """));

        Assert.AreNotEqual(0, spawn.ExitCode, spawn.ToString());
        StringAssert.Contains(spawn.Error + spawn.Output, "'nobody' is not registered");
        StringAssert.Contains(enqueue.Error + enqueue.Output, "role 'wizard'");
        Assert.IsEmpty(await new TaskStore(database).ListAsync(null, 10, TestContext.CancellationToken), "the good task was not stored either");
        Assert.IsEmpty(await new AgentRegistry(database, TimeProvider.System).ListAsync(TestContext.CancellationToken), "no agent was registered");
    }
}
