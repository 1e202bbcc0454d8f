using Agent.Activities.Coordination.Distribution;
using Agent.Activities.Coordination.Messaging;

namespace Agent.Server.Tests.Cli;

[TestClass]
public sealed class CliAgentsTasksTests
{
    private const string Enqueuer = """
        {
          "definitionId": "plan-work", "version": 1, "isPublished": true,
          "root": {
            "type": "Elsa.Flowchart", "id": "root",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "enqueue", "type": "Agent.EnqueueTasks",
                "correlationId": { "typeName": "String", "expression": { "type": "Literal", "value": "cycle-9" } },
                "tasks": { "typeName": "Object", "expression": { "type": "Literal",
                  "value": "[{\"id\": \"gap-1\", \"kind\": \"gap\", \"role\": \"implementer\", \"capabilities\": [\"git\"], \"payload\": {\"title\": \"Fix calc\"}}, {\"id\": \"rev-1\", \"kind\": \"review\", \"role\": \"reviewer\"}]" } } }
            ],
            "connections": [ { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "enqueue", "port": "In" } } ]
          }
        }
        """;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [TestCategory("Slow")]
    public async Task Tasks_and_task_show_the_queue_a_workflow_filled_and_a_lease()
    {
        using var cli = new CliHarness();
        var empty = await cli.RunAsync("agents", "tasks");
        Assert.AreEqual("No tasks yet.", empty.Output.Trim(), empty.ToString());
        var run = await cli.RunAsync("run", cli.WriteFile("plan.json", Enqueuer));
        Assert.AreEqual(0, run.ExitCode, run.ToString());

        var database = new CoordinationDatabase(Path.Combine(cli.Folder, ".data", "coordination.db"));
        await new AgentRegistry(database, TimeProvider.System).RegisterAsync("rev-a", "reviewer", AgentStatuses.Idle, TestContext.CancellationToken);
        var leased = await new TaskLeases(database, new AgentPicker()).LeaseAsync("rev-a", null, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(2), TestContext.CancellationToken);
        Assert.AreEqual("rev-1", leased!.Id);

        var table = await cli.RunAsync("agents", "tasks");
        Assert.AreEqual(0, table.ExitCode, table.ToString());
        StringAssert.Contains(table.Output, "gap-1");
        StringAssert.Contains(table.Output, "rev-a");
        var queued = (await cli.RunAsync("agents", "tasks", "--status", "queued", "--json")).Json();
        Assert.AreEqual(1, queued.GetArrayLength());
        Assert.AreEqual("gap-1", queued[0].GetProperty("id").GetString());
        Assert.AreEqual("cycle-9", queued[0].GetProperty("correlationId").GetString());

        var show = await cli.RunAsync("agents", "task", "rev-1");
        Assert.AreEqual(0, show.ExitCode, show.ToString());
        StringAssert.Contains(show.Output, "status:       leased");
        StringAssert.Contains(show.Output, "held by rev-a until");
        var gap = await cli.RunAsync("agents", "task", "gap-1");
        StringAssert.Contains(gap.Output, "wants:        a implementer with git");
        StringAssert.Contains(gap.Output, """{"title":"Fix calc"}""");

        var ghost = await cli.RunAsync("agents", "task", "ghost");
        Assert.AreEqual(2, ghost.ExitCode, ghost.ToString());
        StringAssert.Contains(ghost.Error, "No task has id 'ghost'");
        var status = await cli.RunAsync("agents", "tasks", "--status", "finished");
        Assert.AreEqual(2, status.ExitCode, status.ToString());
        StringAssert.Contains(status.Error, "give one of queued, leased, done, parked, cancelled");
    }

    [TestMethod]
    [TestCategory("Slow")]
    public async Task Capabilities_are_shown_set_by_hand_and_kept_when_discovery_has_no_data()
    {
        using var cli = new CliHarness();
        var database = new CoordinationDatabase(Path.Combine(cli.Folder, ".data", "coordination.db"));
        await new AgentRegistry(database, TimeProvider.System).RegisterAsync("impl-a", "implementer", AgentStatuses.Idle, TestContext.CancellationToken);
        var bare = await cli.RunAsync("agents", "capabilities", "impl-a");
        Assert.AreEqual(0, bare.ExitCode, bare.ToString());
        StringAssert.Contains(bare.Output, "capabilities: only its role");
        var set = await cli.RunAsync("agents", "capabilities", "impl-a", "--set", "Git", "--set", "dotnet");
        StringAssert.Contains(set.Output, "capabilities: dotnet, git (manual)", set.ToString());
        var discovered = (await cli.RunAsync("agents", "capabilities", "impl-a", "--from-discovery", "--json")).Json();
        Assert.AreEqual("manual", discovered.GetProperty("source").GetString(), "no scan yet: the agent keeps what it has");
        Assert.AreEqual(2, discovered.GetProperty("extra").GetArrayLength());
        var bad = await cli.RunAsync("agents", "capabilities", "impl-a", "--set", "no spaces");
        Assert.AreEqual(2, bad.ExitCode, bad.ToString());
        StringAssert.Contains(bad.Error, "capability 'no spaces' is not valid");
        Assert.AreEqual(2, (await cli.RunAsync("agents", "capabilities", "ghost")).ExitCode);
        Assert.AreEqual(2, (await cli.RunAsync("agents", "capabilities", "impl-a", "--clear", "--from-discovery")).ExitCode);
        StringAssert.Contains((await cli.RunAsync("agents", "capabilities", "impl-a", "--clear")).Output, "only its role");
    }

    [TestMethod]
    public async Task MaxAttempts_0_is_refused_naming_the_key()
    {
        using var cli = new CliHarness();
        cli.With("Coordination:MaxAttempts", "0");
        var result = await cli.RunAsync("agents", "tasks");
        Assert.AreEqual(2, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Error, "Coordination:MaxAttempts: must be from 1 to 100");
    }
}
