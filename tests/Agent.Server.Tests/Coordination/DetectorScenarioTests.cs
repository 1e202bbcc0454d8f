using Agent.Activities.Coordination.Detection;
using Agent.Activities.Coordination.Messaging;
using Agent.Activities.Coordination.Spawning;
using Agent.Activities.Safety.Budgets;

namespace Agent.Server.Tests.Coordination;

/// <summary>
/// Each detector triggered by a scenario played through the real components (task queue and its workspace source over
/// real git worktrees, message bus, spawner, spend ledger), swept as <c>agent serve</c> sweeps, and read back with
/// <c>agent incidents list</c>; and a normal scenario on which none fires.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class DetectorScenarioTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task Two_agents_reverting_each_other_in_their_worktrees_raise_an_oscillation_and_pause()
    {
        using var cli = new CliHarness();
        var repo = Repository(cli);
        var (a, b) = (Worktree(repo, cli, "agent-a"), Worktree(repo, cli, "agent-b"));
        Commit(a, "config.txt", "timeout = 10", "timeout = 20", "raise the timeout");
        TestGit.Run(b, "merge", "-q", "--ff-only", "agent-a");
        Commit(b, "config.txt", "timeout = 20", "timeout = 10", "restore the timeout");
        TestGit.Run(a, "merge", "-q", "--ff-only", "agent-b");
        Commit(a, "config.txt", "timeout = 10", "timeout = 20", "raise it again");
        await using var host = await DetectionScenarioHost.OpenAsync(cli);
        await RegisterWorkingAsync(host, "agent-a", "agent-b");
        await host.LeaseAsync("agent-a", "tune-timeout", a);
        await host.LeaseAsync("agent-b", "keep-timeout", b);

        var sweep = await host.SweepAsync();

        var incident = sweep.Raised.Single(i => i.Detector == DetectorNames.Oscillation);
        CollectionAssert.AreEqual(new[] { "agent-a", "agent-b" }, incident.Agents.ToArray());
        StringAssert.Contains(incident.Evidence, "config.txt");
        await AssertListedAsync(host, DetectorNames.Oscillation, ["agent-a", "agent-b"], spawnsStopped: false);
    }

    [TestMethod]
    public async Task Two_agents_editing_one_file_for_different_tasks_raise_duplicate_work()
    {
        using var cli = new CliHarness();
        var repo = Repository(cli);
        var (a, b) = (Worktree(repo, cli, "agent-a"), Worktree(repo, cli, "agent-b"));
        Commit(a, "src/Calc.cs", "a + b", "b + a", "a: swap the operands");
        Edit(b, "src/Calc.cs", "a + b", "checked(a + b)");
        await using var host = await DetectionScenarioHost.OpenAsync(cli);
        await RegisterWorkingAsync(host, "agent-a", "agent-b");
        await host.LeaseAsync("agent-a", "fix-add", a, baseCommit: "main");
        await host.LeaseAsync("agent-b", "harden-add", b);

        var sweep = await host.SweepAsync();

        var incident = sweep.Raised.Single();
        Assert.AreEqual(DetectorNames.DuplicateWork, incident.Detector);
        StringAssert.Contains(incident.Evidence, "src/Calc.cs");
        StringAssert.Contains(incident.Evidence, "fix-add");
        await AssertListedAsync(host, DetectorNames.DuplicateWork, ["agent-a", "agent-b"], spawnsStopped: false);
    }

    [TestMethod]
    public async Task Spawning_past_the_rate_limit_raises_runaway_spawning_stops_spawns_and_the_next_spawn_is_refused()
    {
        using var cli = new CliHarness();
        await using var host = await DetectionScenarioHost.OpenAsync(cli, new Dictionary<string, string?> { ["Coordination:Detection:Spawning:MaxPerMinute"] = "3" });
        var spawned = await host.SpawnAsync("burst", 5);

        var sweep = await host.SweepAsync();

        var incident = sweep.Raised.Single();
        Assert.AreEqual((DetectorNames.RunawaySpawning, IncidentActions.PauseAndStopSpawns), (incident.Detector, incident.Action));
        Assert.IsTrue(sweep.SpawnsStopped);
        var refused = await Assert.ThrowsExactlyAsync<SpawnRefusedException>(() => host.Get<AgentSpawner>().SpawnAsync(new SpawnRequest("burst-6", "implementer")));
        StringAssert.Contains(refused.Message, "Spawning is stopped");
        var listed = await AssertListedAsync(host, DetectorNames.RunawaySpawning, null, spawnsStopped: true);
        Assert.IsTrue(listed.Agents.All(spawned.Contains) && listed.Agents.Length >= 4, string.Join(", ", listed.Agents));
    }

    [TestMethod]
    public async Task A_minute_of_spend_far_above_its_baseline_raises_a_cost_spike_and_stops_spawns()
    {
        using var cli = new CliHarness();
        await using var host = await DetectionScenarioHost.OpenAsync(cli);
        var ledger = host.Get<SpendLedger>();
        var now = DateTimeOffset.UtcNow;
        for (var minute = 2; minute <= 30; minute++)
            await ledger.ChargeAsync($"steady-{minute}", now - TimeSpan.FromMinutes(minute), "cycle-steady", 1_000, 0.01m, "claude", Token);
        await ledger.ChargeAsync("burst-1", now - TimeSpan.FromSeconds(20), "cycle-hot", 60_000, 0.9m, "claude", Token);
        await ledger.ChargeAsync("burst-2", now - TimeSpan.FromSeconds(10), "cycle-hot", 50_000, 0.8m, "claude", Token);

        var sweep = await host.SweepAsync();

        var incident = sweep.Raised.Single();
        Assert.AreEqual((DetectorNames.CostSpike, IncidentActions.PauseAndStopSpawns), (incident.Detector, incident.Action));
        await AssertListedAsync(host, DetectorNames.CostSpike, ["cycle-hot"], spawnsStopped: true);
    }

    [TestMethod]
    public async Task The_same_message_bouncing_between_two_agents_raises_an_echo_loop()
    {
        using var cli = new CliHarness();
        await using var host = await DetectionScenarioHost.OpenAsync(cli);
        await RegisterWorkingAsync(host, "agent-a", "agent-b");
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            await Send(host, "review", "agent-a", "agent-b", $$"""{"verdict":"reject","reasons":["attempt {{attempt}}: the test still fails"]}""");
            await Send(host, "review", "agent-b", "agent-a", $$"""{"verdict":"reject","reasons":["attempt {{attempt}}: the test still fails"]}""");
        }

        var sweep = await host.SweepAsync();

        Assert.AreEqual(DetectorNames.EchoLoop, sweep.Raised.Single().Detector);
        await AssertListedAsync(host, DetectorNames.EchoLoop, ["agent-a", "agent-b"], spawnsStopped: false);
    }

    [TestMethod]
    public async Task Two_agents_each_waiting_on_the_others_answer_raise_a_deadlock()
    {
        using var cli = new CliHarness();
        await using var host = await DetectionScenarioHost.OpenAsync(cli);
        await RegisterWorkingAsync(host, "agent-a", "agent-b");
        await Send(host, "question", "agent-a", "agent-b", """{"text":"which schema version do you write?"}""");
        await Send(host, "question", "agent-b", "agent-a", """{"text":"which schema version do you read?"}""");
        await host.Agents.SetStatusAsync("agent-a", AgentStatuses.Waiting, Token);
        await host.Agents.SetStatusAsync("agent-b", AgentStatuses.Waiting, Token);

        var sweep = await host.SweepAsync();

        Assert.AreEqual(DetectorNames.Deadlock, sweep.Raised.Single().Detector);
        await AssertListedAsync(host, DetectorNames.Deadlock, ["agent-a", "agent-b"], spawnsStopped: false);
    }

    [TestMethod]
    public async Task Agents_doing_distinct_work_asking_answering_and_finishing_raise_nothing()
    {
        using var cli = new CliHarness();
        var repo = Repository(cli);
        var (a, b, c) = (Worktree(repo, cli, "agent-a"), Worktree(repo, cli, "agent-b"), Worktree(repo, cli, "agent-c"));
        Commit(a, "src/Calc.cs", "a + b", "checked(a + b)", "a: overflow check");
        Commit(b, "README.md", "# calc", "# calc\n\nAdds numbers.", "b: document");
        Edit(c, "config.txt", "retries = 1", "retries = 3");
        await using var host = await DetectionScenarioHost.OpenAsync(cli, new Dictionary<string, string?> { ["Coordination:Detection:Spawning:MaxPerMinute"] = "10" });
        await RegisterWorkingAsync(host, "agent-a", "agent-b", "agent-c");
        await host.LeaseAsync("agent-a", "overflow", a, baseCommit: "main");
        await host.LeaseAsync("agent-b", "docs", b, baseCommit: "main");
        await host.LeaseAsync("agent-c", "retries", c, baseCommit: "main");
        var question = await Send(host, "question", "agent-c", "agent-a", """{"text":"does Add throw on overflow now?"}""");
        await Send(host, "answer", "agent-a", "agent-c", """{"text":"yes, OverflowException"}""", question);
        await Send(host, "result", "agent-b", "agent-a", """{"status":"succeeded","summary":"README documents Add"}""");
        var ledger = host.Get<SpendLedger>();
        for (var minute = 0; minute <= 20; minute++)
            await ledger.ChargeAsync($"run-{minute}", DateTimeOffset.UtcNow - TimeSpan.FromMinutes(minute) - TimeSpan.FromSeconds(5), "cycle-1", 2_000, 0.02m, "claude", Token);

        var sweep = await host.SweepAsync();

        Assert.IsEmpty(sweep.Raised, string.Join("; ", sweep.Raised.Select(i => i.Summary)));
        Assert.IsEmpty(sweep.Failures, string.Join("; ", sweep.Failures.Select(f => $"{f.Detector}: {f.Error}")));
        Assert.IsFalse(sweep.Paused);
        var listed = await host.ListedAsync();
        Assert.IsEmpty(listed.Incidents);
        Assert.IsEmpty(listed.Flags);
        Assert.HasCount(3, await host.Get<IAgentWorkspaceSource>().ListAsync(Token), "the three worktrees were looked at");
    }

    private async Task<(string Detector, string[] Agents)> AssertListedAsync(DetectionScenarioHost host, string detector, string[]? agents, bool spawnsStopped)
    {
        Assert.IsTrue(await host.Control.IsPausedAsync(Token), "the incident paused the coordination");
        Assert.AreEqual(spawnsStopped, await host.Control.AreSpawnsStoppedAsync(Token));
        var (incidents, flags) = await host.ListedAsync();
        var listed = incidents.Single(i => i.Detector == detector);
        if (agents is not null) CollectionAssert.AreEqual(agents, listed.Agents);
        CollectionAssert.Contains(flags, CoordinationControl.Paused);
        Assert.AreEqual(spawnsStopped, flags.Contains(CoordinationControl.SpawnsStopped));
        Assert.IsEmpty((await host.SweepAsync()).Raised, "sweeping the same evidence again raises nothing new");
        return listed;
    }

    private async Task RegisterWorkingAsync(DetectionScenarioHost host, params string[] agents)
    {
        foreach (var agent in agents) await host.Agents.RegisterAsync(agent, "implementer", AgentStatuses.Working, Token);
    }

    private static async Task<string> Send(DetectionScenarioHost host, string type, string from, string to, string payload, string? correlationId = null) =>
        (await host.Bus.SendAsync(new MessageDraft { Type = type, Sender = from, To = to, Payload = payload, CorrelationId = correlationId })).Message.Id;

    private static string Repository(CliHarness cli)
    {
        var repo = cli.Subfolder("repo");
        Directory.CreateDirectory(Path.Combine(repo, "src"));
        File.WriteAllText(Path.Combine(repo, "config.txt"), "name = calc\ntimeout = 10\nretries = 1\n");
        File.WriteAllText(Path.Combine(repo, "src", "Calc.cs"), "public static class Calc { public static int Add(int a, int b) => a + b; }\n");
        File.WriteAllText(Path.Combine(repo, "README.md"), "# calc\n");
        TestGit.InitWithCommit(repo, "initial");
        return repo;
    }

    private static string Worktree(string repo, CliHarness cli, string agent)
    {
        var path = Path.Combine(cli.Folder, "worktrees", agent);
        TestGit.Run(repo, "worktree", "add", "-q", "-b", agent, path, "main");
        return path;
    }

    private static void Edit(string worktree, string file, string from, string to)
    {
        var path = Path.Combine(worktree, file);
        File.WriteAllText(path, File.ReadAllText(path).Replace(from, to, StringComparison.Ordinal));
    }

    private static void Commit(string worktree, string file, string from, string to, string message)
    {
        Edit(worktree, file, from, to);
        TestGit.CommitAll(worktree, message);
    }
}
