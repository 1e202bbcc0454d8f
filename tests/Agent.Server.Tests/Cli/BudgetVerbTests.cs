using Agent.Activities.Safety.Budgets;

namespace Agent.Server.Tests.Cli;

/// <summary><c>agent budget</c> and the resource-limit line of <c>agent doctor</c>, through the real command line.</summary>
[TestClass]
public sealed class BudgetVerbTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task Agent_budget_shows_spend_and_remaining_per_cycle_day_and_month_and_says_when_one_is_exhausted()
    {
        using var cli = new CliHarness();
        cli.With("Safety:Budgets:MaxTokensPerDay", "1000").With("Safety:Budgets:MaxUsdPerMonth", "7");
        var ledger = new SpendLedger(cli.DatabasePath);
        await ledger.ChargeAsync("run-1", DateTimeOffset.UtcNow, "cycle-x", 1200, 0.3m, "cycle", Token);
        await ledger.ChargeAsync("run-2", DateTimeOffset.UtcNow, null, 100, 0.2m, "claude", Token);

        var result = await cli.RunAsync("budget", "--cycle", "cycle-x", "--json");

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        var scopes = result.Json().EnumerateArray().ToDictionary(s => s.GetProperty("scope").GetString()!);
        Assert.AreEqual(1200, scopes["cycle"].GetProperty("spentTokens").GetInt64());
        Assert.AreEqual(1300, scopes["day"].GetProperty("spentTokens").GetInt64());
        Assert.AreEqual(0, scopes["day"].GetProperty("remainingTokens").GetInt64());
        StringAssert.Contains(scopes["day"].GetProperty("exhausted").GetString(), "Safety:Budgets:MaxTokensPerDay");
        Assert.AreEqual(6.5m, scopes["month"].GetProperty("remainingUsd").GetDecimal());
        var table = await cli.RunAsync("budget");
        Assert.AreEqual(0, table.ExitCode, table.ToString());
        StringAssert.Contains(table.Output, "day budget exhausted");
        Assert.IsFalse(table.Output.Contains("cycle-x", StringComparison.Ordinal), "without --cycle no cycle row");
    }

    [TestMethod]
    public async Task An_empty_cycle_id_is_a_usage_error()
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("budget", "--cycle", " ");

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Error, "--cycle needs a cycle id");
    }

    [TestMethod]
    [TestCategory("Slow")]
    public async Task Agent_doctor_names_the_resource_limit_mechanism_of_this_machine()
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("doctor", "--json");

        var limits = result.Json().EnumerateArray().Single(c => c.GetProperty("check").GetString() == "resource limits");
        var detail = limits.GetProperty("detail").GetString()!;
        StringAssert.Contains(detail, "prlimit --cpu");
        // Either cgroup v2 enforces (and the line names its folder) or the line says why it is not used here.
        Assert.IsTrue(detail.StartsWith("cgroup v2 (", StringComparison.Ordinal) || detail.Contains("; cgroup v2 not used: ", StringComparison.Ordinal), detail);
    }
}
