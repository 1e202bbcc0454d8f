using Agent.Activities.Coordination.Messaging;
using Agent.Activities.Coordination.Spawning;

namespace Agent.Server.Tests.Cli;

/// <summary><c>agent agents spawn|stop</c> in process on a fresh folder: the queue past MaxAgents, stop freeing a slot, refusals.</summary>
[TestClass]
public sealed class CliAgentsSpawnTests
{
    public TestContext TestContext { get; set; } = null!;

    private static async Task<CliHarness> WithWorkerAsync()
    {
        var cli = new CliHarness().With("Coordination:MaxAgents", "1");
        var imported = await cli.RunAsync("workflows", "import", Path.Combine(AgentRepository.Root, "workflows", "agent-worker.json"));
        Assert.AreEqual(0, imported.ExitCode, imported.ToString());
        return cli;
    }

    [TestMethod]
    [TestCategory("Slow")]
    public async Task Spawn_past_MaxAgents_queues_and_stop_starts_the_queued_agent()
    {
        using var cli = await WithWorkerAsync();

        var first = await cli.RunAsync("agents", "spawn", "--role", "reviewer", "--request-id", "a", "--json");
        var second = await cli.RunAsync("agents", "spawn", "--role", "reviewer", "--request-id", "b");

        Assert.AreEqual(0, first.ExitCode, first.ToString());
        Assert.AreEqual("started", first.Json().GetProperty("status").GetString());
        Assert.AreEqual("plan", first.Json().GetProperty("permissionMode").GetString());
        StringAssert.Contains(second.Output, "Queued", second.ToString());
        var firstId = AgentSpawner.AgentIdFor("reviewer", "a");
        var secondId = AgentSpawner.AgentIdFor("reviewer", "b");

        var stopped = await cli.RunAsync("agents", "stop", firstId);

        Assert.AreEqual(0, stopped.ExitCode, stopped.ToString());
        var registry = new AgentRegistry(new CoordinationDatabase(Path.Combine(cli.Folder, ".data", "coordination.db")), TimeProvider.System);
        Assert.AreEqual(AgentStatuses.Stopped, (await registry.FindAsync(firstId, TestContext.CancellationToken))!.Status);
        Assert.AreEqual(AgentStatuses.Starting, (await registry.FindAsync(secondId, TestContext.CancellationToken))!.Status, "the queued agent took the freed slot");
        var worker = await cli.RunAsync("instances", "show", AgentSpawner.InstanceIdFor(secondId), "--json");
        Assert.AreEqual("Suspended", worker.Json().GetProperty("status").GetString(), worker.ToString());
    }

    [TestMethod]
    [TestCategory("Slow")]
    public async Task Bad_spawns_and_stops_exit_with_bad_input_and_say_what_to_do()
    {
        using var cli = await WithWorkerAsync();

        var unknownRole = await cli.RunAsync("agents", "spawn", "--role", "wizard");
        var stopUnknown = await cli.RunAsync("agents", "stop", "nobody");
        var paused = await cli.RunAsync("agents", "pause", "--reason", "too many agents", "--stop-spawns");
        var whileStopped = await cli.RunAsync("agents", "spawn", "--role", "planner");

        Assert.AreEqual(2, unknownRole.ExitCode, unknownRole.ToString());
        StringAssert.Contains(unknownRole.Error, "role 'wizard' is not known");
        Assert.AreEqual(2, stopUnknown.ExitCode, stopUnknown.ToString());
        StringAssert.Contains(stopUnknown.Error, "agent agents list");
        Assert.AreEqual(0, paused.ExitCode, paused.ToString());
        Assert.AreEqual(2, whileStopped.ExitCode, whileStopped.ToString());
        StringAssert.Contains(whileStopped.Error, "too many agents");
    }
}
