using System.Text.Json;

namespace Agent.Cycle.Tests;

/// <summary>
/// A risky single change by policy: a target rule with effect <c>require-consensus</c> sends Validate's NeedsApproval to
/// consensus-review (one candidate: the cycle's worktree) before the human; <c>Coordination:Consensus:RiskyChanges</c>
/// = ReviewersInsteadOfHuman lets an approving review merge it. K = 0 here (the selection by measurement alone), so the
/// review runs without spawning Claude reviewers; the rounds are recorded and summarized all the same.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class ConsensusRiskyChangeCycleTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    private async Task<CycleFixture> FixtureAsync(string riskyChanges)
    {
        var f = await CycleFixture.CreateAsync("node-strings", "rehearsal-fix-failing-test-node.json", Token);
        await File.WriteAllTextAsync(Path.Combine(f.Target, "agent.policy.yaml"), """
            version: 1
            rules:
              - id: four-eyes
                match: { action: merge }
                effect: require-consensus
                reason: every change here needs reviewers
            """, Token);
        TestGit.Run(f.Target, "add", "agent.policy.yaml");
        TestGit.CommitAll(f.Target, "four eyes");
        var overrides = (Dictionary<string, string?>)f.Cli.Settings.Overrides;
        overrides["Coordination:Consensus:Reviewers"] = "0";
        overrides["Coordination:Consensus:RiskyChanges"] = riskyChanges;
        var imported = await f.Cli.RunAsync("workflows", "import", Path.Combine(AgentRepository.Root, "workflows", "consensus-review.json"));
        Assert.AreEqual(0, imported.ExitCode, imported.ToString());
        return f;
    }

    [TestMethod]
    public async Task Require_consensus_reviews_the_change_before_the_human_and_the_human_still_decides()
    {
        await using var f = await FixtureAsync("Human");
        var before = f.Head();

        var (result, _) = await f.RunCycleAsync();

        var json = result.Json();
        Assert.AreEqual("Suspended", json.GetProperty("status").GetString(), result.ToString());
        StringAssert.Contains(result.Output, "risky change: reviewers before a human", result.ToString());
        var rounds = await f.Cli.RunAsync("consensus", "list", "--json");
        var round = rounds.Json().EnumerateArray().Single();
        Assert.AreEqual("Selected", round.GetProperty("selection").GetString(), rounds.ToString());
        var approvals = (await f.Cli.RunAsync("approvals", "--json")).Json().EnumerateArray().Single();
        Assert.AreEqual(before, f.Head(), "nothing merges before the human");

        var approved = await f.Cli.RunAsync("approve", approvals.GetProperty("id").GetString()!, "--by", "ada");

        Assert.AreEqual(0, approved.ExitCode, approved.ToString());
        var shown = (await f.Cli.RunAsync("instances", "show", json.GetProperty("instanceId").GetString()!, "--json")).Json();
        Assert.AreEqual("merged", shown.GetProperty("variables").GetProperty("summary").GetProperty("outcome").GetString(), shown.ToString());
        Assert.AreEqual(before, TestGit.Run(f.Target, "rev-parse", "HEAD~1").Trim(), "one commit");
    }

    [TestMethod]
    public async Task Reviewers_instead_of_the_human_merge_an_approved_risky_change_without_waiting()
    {
        await using var f = await FixtureAsync("ReviewersInsteadOfHuman");
        var before = f.Head();

        var (result, summary) = await f.RunCycleAsync();

        Assert.AreEqual("merged", summary.GetProperty("outcome").GetString(), result.ToString());
        Assert.AreEqual(JsonValueKind.Null, summary.GetProperty("approvalId").ValueKind, "no human was asked");
        Assert.AreEqual(before, TestGit.Run(f.Target, "rev-parse", "HEAD~1").Trim(), "one commit");
        var consensus = summary.GetProperty("consensus").EnumerateArray().Single();
        Assert.AreEqual("Selected", consensus.GetProperty("selection").GetString());
    }
}
