using System.Text.Json.Nodes;
using Agent.Activities.Coordination.Detection;
using Agent.Activities.Coordination.Messaging;

namespace Agent.Server.Tests.Cli;

[TestClass]
public sealed class CliIncidentsTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [TestCategory("Slow")]
    public async Task Incidents_list_shows_incidents_and_the_pause_and_agents_pause_and_resume_set_and_lift_it()
    {
        using var cli = new CliHarness();
        var store = new CoordinationIncidentStore(new CoordinationDatabase(Path.Combine(cli.Folder, ".data", "coordination.db")));
        var finding = new DetectionFinding(DetectorNames.Deadlock, ["agent-a", "agent-b"], "deadlock: every live agent waits on another (agent-a, agent-b)",
            new JsonObject { ["agents"] = new JsonArray("agent-a", "agent-b") }, "deadlock:test");
        var incident = (await store.RaiseAsync(finding, DateTimeOffset.UtcNow, TestContext.CancellationToken))!;

        var list = await cli.RunAsync("incidents", "list");
        Assert.AreEqual(0, list.ExitCode, list.ToString());
        StringAssert.Contains(list.Output, "Coordination paused since");
        StringAssert.Contains(list.Output, "deadlock");
        StringAssert.Contains(list.Output, incident.Id);
        var json = (await cli.RunAsync("incidents", "list", "--json")).Json();
        Assert.AreEqual(incident.Id, json.GetProperty("incidents")[0].GetProperty("id").GetString());
        Assert.AreEqual("paused", json.GetProperty("flags")[0].GetProperty("name").GetString());
        StringAssert.Contains((await cli.RunAsync("incidents", "list", "--detector", "echo-loop")).Output, "No coordination incidents.");

        var resume = await cli.RunAsync("agents", "resume");
        Assert.AreEqual(0, resume.ExitCode, resume.ToString());
        StringAssert.Contains(resume.Output, "Resumed; lifted: paused.");
        StringAssert.Contains((await cli.RunAsync("incidents", "list")).Output, "Coordination: running (not paused).");

        var pause = await cli.RunAsync("agents", "pause", "--reason", "reviewing the agents", "--stop-spawns");
        Assert.AreEqual(0, pause.ExitCode, pause.ToString());
        StringAssert.Contains(pause.Output, "Coordination spawns stopped since");
        StringAssert.Contains(pause.Output, "by cli: reviewing the agents");

        var bad = await cli.RunAsync("incidents", "list", "--detector", "gremlins");
        Assert.AreEqual(2, bad.ExitCode, bad.ToString());
        StringAssert.Contains(bad.Error, "--detector 'gremlins' is not a detector; give one of oscillation");
    }

    [TestMethod]
    public async Task Invalid_detection_settings_are_refused_naming_the_key()
    {
        using var cli = new CliHarness();
        cli.With("Coordination:Detection:Interval", "00:00:00").With("Coordination:Detection:Spawning:MaxDepth", "-2");
        var result = await cli.RunAsync("incidents", "list");
        Assert.AreEqual(2, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Error, "Coordination:Detection:Interval: must be from 00:00:01 to 1.00:00:00; a zero interval would spin");
        StringAssert.Contains(result.Error, "Coordination:Detection:Spawning:MaxDepth: must be from 1 to 1000");
    }
}
