using Agent.Activities.Coordination.Detection;
using Agent.Activities.Coordination.Messaging;

namespace Agent.Server.Tests.Coordination;

/// <summary>
/// The detection sweep of <c>agent serve</c> over what real workers did: three spawned agents whose Claude runs fail the
/// same way each report it to their parent, and the server's own sweep raises an echo loop (the same failure across
/// agents) and pauses the coordination, which <c>agent incidents list</c> then shows.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class ServerDetectionTests
{
    // Every run fails at once with the same API error (400 is not retried by the CLI).
    private const string Script = """
        { "rules": [ { "fault": { "status": 400, "message": "the build tool crashed at step 7" } } ] }
        """;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task Three_agents_failing_the_same_way_make_the_servers_sweep_raise_an_echo_loop_and_pause()
    {
        await using var f = await CoordinationFixture.CreateAsync(Script, Token,
            ("Coordination:MaxAgents", "3"), ("Coordination:Detection:Interval", "00:00:01"));
        await f.StartServerAsync(Token);
        var agents = new List<string>();
        foreach (var request in new[] { "echo-1", "echo-2", "echo-3" }) agents.Add(await f.SpawnAsync(request));
        await f.EnqueueAsync([.. Enumerable.Range(1, 3).Select(i => ($"build-{i}", "implementer", (object)new { prompt = $"echo-e2e: build part {i}", cwd = f.Cli.Subfolder($"part-{i}") }))]);

        CliResult listed = null!;
        await f.WaitUntilAsync(async () =>
        {
            listed = await f.Cli.RunAsync("incidents", "list", "--json");
            return listed.ExitCode == 0 && listed.Json().GetProperty("flags").EnumerateArray().Any(flag => flag.GetProperty("name").GetString() == "paused");
        }, "the server's sweep pauses the coordination", Token, 120);

        var incident = listed.Json().GetProperty("incidents").EnumerateArray().Single();
        Assert.AreEqual(DetectorNames.EchoLoop, incident.GetProperty("detector").GetString());
        CollectionAssert.AreEquivalent(agents, incident.GetProperty("agents").EnumerateArray().Select(a => a.GetString()).ToList());
        StringAssert.Contains(incident.GetProperty("evidence").ToString(), "build tool crashed");
        var failed = (await f.Messages.ListRecentAsync(CoordinationFixture.Parent, 50, Token)).Where(d => d.Message.Type == MessageTypes.Result).ToList();
        Assert.HasCount(3, failed, "each agent reported its failure once");
    }
}
