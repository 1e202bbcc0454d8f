namespace Agent.Cycle.Tests;

/// <summary>
/// The self-modification rate limit inside real cycles: the real CLI, the real Claude CLI against the scripted model
/// server, real git and npm test (under the default resource limits). The agent's own repository is a stand-in, a copy of
/// samples/node-strings named as <c>Validation:AgentRepository</c> (see <see cref="SelfTargetCycleTests"/> for why).
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class SelfModificationRateLimitCycleTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task After_one_merged_self_modification_with_a_limit_of_one_per_day_the_next_cycle_is_refused_until_the_window_frees()
    {
        await using var f = await CycleFixture.CreateAsync("node-strings", "rehearsal-fix-failing-test-node.json", Token);
        // Unattended self-modification takes both switches: the validation's and the operator's policy, which replaces
        // the built-in (locked) rule that asks a person about every change to the agent's own repository.
        var policy = Path.Combine(f.Cli.Folder, "operator.policy.yaml");
        File.WriteAllText(policy, """
            rules:
              - id: self-modify-needs-approval
                match: { action: self.modify }
                effect: allow
                reason: "This operator lets the agent merge into its own repository unattended; the rate limit still holds."
            """);
        f.Cli.With("Validation:AgentRepository", f.Target).With("Validation:SelfTargetNeedsApproval", "false")
            .With("Safety:Policy:Path", policy).With("Safety:Budgets:MaxSelfModificationsPerDay", "1");

        var (first, firstSummary) = await f.RunCycleAsync();
        Assert.AreEqual("merged", firstSummary.GetProperty("outcome").GetString(), first.ToString());
        var head = f.Head();
        var requests = f.Model.Log.MessagesRequests.Count;

        var (second, secondSummary) = await f.RunCycleAsync();

        Assert.AreEqual("refused", secondSummary.GetProperty("outcome").GetString(), second.ToString());
        var reason = secondSummary.GetProperty("reason").GetString();
        StringAssert.Contains(reason, "self-modification rate limited until ");
        StringAssert.Contains(reason, "1 change(s) merged into the agent's own repository in the last 24 hours (Safety:Budgets:MaxSelfModificationsPerDay = 1)");
        Assert.AreEqual(head, f.Head(), "nothing was changed");
        Assert.AreEqual(requests, f.Model.Log.MessagesRequests.Count, "Claude was never asked");
        var budget = await f.Cli.RunAsync("budget", "--json");
        var day = budget.Json().EnumerateArray().Single(s => s.GetProperty("scope").GetString() == "day");
        Assert.IsGreaterThan(0L, day.GetProperty("spentTokens").GetInt64(), "the first cycle's Claude runs were charged to the day");
    }
}
