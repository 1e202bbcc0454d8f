using Agent.Activities.Coordination.Detection;
using Agent.Activities.Coordination.Messaging;
using Agent.Activities.Safety.Budgets;
using Microsoft.Data.Sqlite;

namespace Agent.Activities.Tests.Coordination.Detection;

/// <summary>Runaway spawning over the agents table and cost spikes over the spend ledger, on real SQLite files.</summary>
[TestClass]
public sealed class SpawnAndCostTests
{
    private string _folder = null!;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestInitialize]
    public void CreateFolder() => _folder = TempFolder.Create("agent-detection-spawn-cost");

    [TestCleanup]
    public void DeleteFolder() => TempFolder.Delete(_folder);

    private static Dictionary<string, string?> Spawning(int perMinute, int depth) => new()
    {
        ["Coordination:Detection:Spawning:MaxPerMinute"] = perMinute.ToString(), ["Coordination:Detection:Spawning:MaxDepth"] = depth.ToString(),
    };

    [TestMethod]
    public async Task More_agents_registered_within_a_minute_than_allowed_is_runaway_spawning_raised_once_per_burst()
    {
        await using var host = await DetectionHost.OpenAsync(_folder, Spawning(perMinute: 3, depth: 10));
        for (var i = 0; i < 3; i++) { await host.Agents.RegisterAsync($"calm-{i}", "implementer", cancellationToken: Token); host.Clock.Advance(TimeSpan.FromSeconds(25)); }
        Assert.IsEmpty(await host.DetectAsync(DetectorNames.RunawaySpawning), "three in 75 s is within three a minute");

        host.Clock.Advance(TimeSpan.FromMinutes(5));
        for (var i = 0; i < 6; i++) { await host.Agents.RegisterAsync($"burst-{i}", "implementer", cancellationToken: Token); host.Clock.Advance(TimeSpan.FromSeconds(5)); }
        var finding = (await host.DetectAsync(DetectorNames.RunawaySpawning)).Single();

        Assert.AreEqual(IncidentActions.PauseAndStopSpawns, finding.Action);
        Assert.AreEqual(4, finding.Evidence["registered"]!.GetValue<int>(), "the burst is reported where it crossed the limit");
        StringAssert.Contains(finding.Summary, "the last burst-3");
    }

    [TestMethod]
    public async Task A_parent_chain_deeper_than_allowed_is_runaway_spawning_and_a_bad_parent_stores_nothing()
    {
        await using var host = await DetectionHost.OpenAsync(_folder, Spawning(perMinute: 100, depth: 2));
        await host.Agents.RegisterAsync("root", "planner", AgentStatuses.Working, parentId: null, Token);
        await host.Agents.RegisterAsync("child", "implementer", AgentStatuses.Working, "root", Token);
        await host.Agents.RegisterAsync("grandchild", "implementer", AgentStatuses.Working, "child", Token);
        Assert.IsEmpty(await host.DetectAsync(DetectorNames.RunawaySpawning), "depth 2 is allowed");

        await host.Agents.RegisterAsync("great-grandchild", "implementer", AgentStatuses.Working, "grandchild", Token);
        var finding = (await host.DetectAsync(DetectorNames.RunawaySpawning)).Single();
        StringAssert.Contains(finding.Summary, "great-grandchild <- grandchild <- child <- root");
        Assert.AreEqual(3, finding.Evidence["depth"]!.GetValue<int>());
        await host.Agents.RegisterAsync("deeper", "implementer", AgentStatuses.Working, "great-grandchild", Token);
        Assert.AreEqual("great-grandchild", (await host.DetectAsync(DetectorNames.RunawaySpawning)).Single().Evidence["chain"]![0]!["id"]!.GetValue<string>(),
            "a live descendant of the crossing agent is the same runaway");
        await host.Agents.SetStatusAsync("great-grandchild", AgentStatuses.Stopped, Token);
        Assert.AreEqual("deeper", (await host.DetectAsync(DetectorNames.RunawaySpawning)).Single().Evidence["chain"]![0]!["id"]!.GetValue<string>(),
            "with the crossing agent stopped, its live descendant is reported");

        var error = await Assert.ThrowsExactlyAsync<InvalidAgentException>(() => host.Agents.RegisterAsync("orphan", "implementer", AgentStatuses.Working, "nobody", Token));
        StringAssert.Contains(error.Message, "parent 'nobody'");
        Assert.IsNull(await host.Agents.FindAsync("orphan", Token));
        var loop = await Assert.ThrowsExactlyAsync<InvalidAgentException>(() => host.Agents.RegisterAsync("root", "planner", AgentStatuses.Working, "grandchild", Token));
        StringAssert.Contains(loop.Message, "'grandchild' descends from agent 'root'");
        Assert.IsNull((await host.Agents.FindAsync("root", Token))!.ParentId, "a refused parent changes nothing");
        Assert.AreEqual("root", (await host.Agents.FindAsync("child", Token))!.ParentId);
        await host.Agents.RegisterAsync("child", "implementer", AgentStatuses.Idle, Token);
        Assert.AreEqual("root", (await host.Agents.FindAsync("child", Token))!.ParentId, "re-registering without a parent keeps it");
    }

    [TestMethod]
    public async Task An_agents_table_from_before_parents_gains_the_column_and_keeps_its_rows()
    {
        var path = Path.Combine(_folder, "coordination.db");
        await using (var old = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await old.OpenAsync(Token);
            await using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE agents (id TEXT PRIMARY KEY, role TEXT NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, last_seen_at TEXT);
                INSERT INTO agents VALUES ('veteran', 'planner', 'idle', '2026-12-01T00:00:00.0000000Z', '2026-12-01T00:00:00.0000000Z', NULL);
                """;
            await create.ExecuteNonQueryAsync(Token);
        }
        await using var host = await DetectionHost.OpenAsync(_folder);
        var veteran = (await host.Agents.FindAsync("veteran", Token))!;
        Assert.IsNull(veteran.ParentId);
        Assert.AreEqual("veteran", (await host.Agents.RegisterAsync("rookie", "implementer", AgentStatuses.Starting, "veteran", Token)).ParentId);
    }

    [TestMethod]
    public async Task Tokens_per_minute_far_above_the_rolling_baseline_are_a_cost_spike_that_stops_spawns()
    {
        await using var host = await DetectionHost.OpenAsync(_folder);
        var ledger = host.Get<SpendLedger>();
        // An hour of 1,000 tokens a minute, then the last minute.
        for (var minute = 60; minute >= 2; minute--)
            await ledger.ChargeAsync($"base-{minute}", DetectionHost.Start - TimeSpan.FromMinutes(minute), "cycle-1", 1_000, 0.01m, "claude", Token);
        await ledger.ChargeAsync("normal", DetectionHost.Start - TimeSpan.FromSeconds(20), "cycle-1", 1_500, 0.02m, "claude", Token);
        host.Clock.Advance(TimeSpan.Zero);
        Assert.IsEmpty(await host.DetectAsync(DetectorNames.CostSpike), "1,500 tokens is within five times the baseline and under the floor");

        await ledger.ChargeAsync("big-1", DetectionHost.Start - TimeSpan.FromSeconds(10), "cycle-2", 40_000, 0.6m, "claude", Token);
        await ledger.ChargeAsync("big-2", DetectionHost.Start - TimeSpan.FromSeconds(5), "cycle-2", 30_000, 0.5m, "claude", Token);
        var finding = (await host.DetectAsync(DetectorNames.CostSpike)).Single();

        Assert.AreEqual(IncidentActions.PauseAndStopSpawns, finding.Action);
        Assert.AreEqual(71_500, finding.Evidence["tokensLastMinute"]!.GetValue<long>());
        CollectionAssert.AreEqual(new[] { "cycle-1", "cycle-2" }, finding.Agents.ToArray());

        var result = await host.Sweep.RunAsync([], Token);
        Assert.IsTrue(result.SpawnsStopped);
        Assert.IsTrue(await host.Control.AreSpawnsStoppedAsync(Token));
        Assert.IsTrue(await host.Control.IsPausedAsync(Token));
    }

    [TestMethod]
    public async Task A_quiet_baseline_does_not_make_a_small_run_a_spike()
    {
        await using var host = await DetectionHost.OpenAsync(_folder);
        await host.Get<SpendLedger>().ChargeAsync("first", DetectionHost.Start - TimeSpan.FromSeconds(30), "cycle-1", 20_000, 0.3m, "claude", Token);
        Assert.IsEmpty(await host.DetectAsync(DetectorNames.CostSpike));
    }
}
