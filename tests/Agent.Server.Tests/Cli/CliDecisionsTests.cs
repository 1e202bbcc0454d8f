using Agent.Activities.Safety.Decisions;
using Agent.Server.Cli;

namespace Agent.Server.Tests.Cli;

/// <summary><c>agent decisions list/show</c> and the Security Score in <c>agent kpi</c>, on records stored in the agent database.</summary>
[TestClass]
public sealed class CliDecisionsTests
{
    public TestContext TestContext { get; set; } = null!;

    private static readonly DateTimeOffset At = new(2026, 12, 6, 3, 0, 0, TimeSpan.Zero);

    private async Task SeedAsync(CliHarness cli)
    {
        var store = new DecisionStore(cli.DatabasePath);
        await store.SaveAsync(new DecisionRecord("d-allow-000000001", "cycle-a", DecisionKinds.Merge, "fix-failing-test:A (agent/a → main)", "/repos/t",
            [PrincipleResult.Pass(PrincipleIds.NoExfiltration, "no secret in the added lines; network calls added: none")], DecisionOutcome.Allow, ["every principle holds (1 checked)"], At), TestContext.CancellationToken);
        await store.SaveAsync(new DecisionRecord("d-deny-0000000002", "cycle-b", DecisionKinds.SelfModify, "fix-warning:B (agent/b → main)", "/repos/agent",
            [PrincipleResult.Pass(PrincipleIds.NoExfiltration, "none"), PrincipleResult.Fail(PrincipleIds.NoWeakenedChecks, DecisionOutcome.Deny, "'tests/BTests.cs': 1 skip marker(s) added")],
            DecisionOutcome.Deny, ["no-weakened-checks fails: 'tests/BTests.cs': 1 skip marker(s) added"], At.AddMinutes(5)), TestContext.CancellationToken);
        await store.SaveScoreAsync("cycle-a", "/repos/t", At, 85, true, ["-15 high vulnerability in Foo 1.0.0", "note: npm: unknown (no vulnerability data: offline)"], TestContext.CancellationToken);
    }

    [TestMethod]
    public async Task Decisions_are_listed_newest_first_filtered_by_outcome_and_shown_with_their_evidence()
    {
        using var cli = new CliHarness();
        await SeedAsync(cli);

        var list = await cli.RunAsync("decisions", "list");
        var json = (await cli.RunAsync("decisions", "list", "--json")).Json();
        var denied = (await cli.RunAsync("decisions", "list", "--outcome", "deny", "--json")).Json();
        var show = await cli.RunAsync("decisions", "show", "cycle-b");
        var showJson = (await cli.RunAsync("decisions", "show", "cycle-b", "--json")).Json();

        Assert.AreEqual(ExitCodes.Success, list.ExitCode, list.ToString());
        StringAssert.Contains(list.Output, "cycle-a");
        StringAssert.Contains(list.Output, "self-modify");
        Assert.AreEqual("cycle-b", json[0].GetProperty("cycleId").GetString());
        Assert.AreEqual(2, json.GetArrayLength());
        Assert.AreEqual(1, denied.GetArrayLength());
        Assert.AreEqual("Deny", denied[0].GetProperty("outcome").GetString());
        Assert.AreEqual(ExitCodes.Success, show.ExitCode, show.ToString());
        StringAssert.Contains(show.Output, "decision d-deny-0000000002 (self-modify) at 2026-12-06 03:05:00Z: DENY");
        StringAssert.Contains(show.Output, "[fail] no-weakened-checks (on fail: deny)");
        StringAssert.Contains(show.Output, "'tests/BTests.cs': 1 skip marker(s) added");
        var principle = showJson[0].GetProperty("principles")[1];
        Assert.AreEqual("Fail", principle.GetProperty("outcome").GetString());
        Assert.AreEqual("'tests/BTests.cs': 1 skip marker(s) added", principle.GetProperty("evidence")[0].GetString());
    }

    [TestMethod]
    public async Task Unknown_cycles_and_bad_outcomes_are_usage_errors_that_say_what_to_do()
    {
        using var cli = new CliHarness();
        await SeedAsync(cli);

        var unknown = await cli.RunAsync("decisions", "show", "cycle-x");
        var badOutcome = await cli.RunAsync("decisions", "list", "--outcome", "maybe");

        Assert.AreEqual(ExitCodes.BadInput, unknown.ExitCode, unknown.ToString());
        StringAssert.Contains(unknown.Error, "Cycle 'cycle-x' has no decision records");
        StringAssert.Contains(unknown.Error, "agent decisions list");
        Assert.AreEqual(ExitCodes.BadInput, badOutcome.ExitCode, badOutcome.ToString());
        StringAssert.Contains(badOutcome.Error, "--outcome is 'maybe'; give allow, escalate or deny.");
    }

    [TestMethod]
    public async Task Kpi_shows_the_newest_Security_Score_per_target_in_the_table_and_the_json()
    {
        using var cli = new CliHarness();
        await SeedAsync(cli);

        var table = await cli.RunAsync("kpi");
        var json = (await cli.RunAsync("kpi", "--json")).Json();

        Assert.AreEqual(ExitCodes.Success, table.ExitCode, table.ToString());
        StringAssert.Contains(table.Output, "Security Score");
        StringAssert.Contains(table.Output, "85 (partial)");
        StringAssert.Contains(table.Output, "-15 high vulnerability in Foo 1.0.0");
        var score = json.GetProperty("securityScores")[0];
        Assert.AreEqual(85, score.GetProperty("score").GetInt32());
        Assert.IsTrue(score.GetProperty("partial").GetBoolean());
        Assert.AreEqual("/repos/t", score.GetProperty("target").GetString());
        Assert.IsTrue(json.TryGetProperty("autonomy", out _), "the KPI document keeps its shape");
    }
}
