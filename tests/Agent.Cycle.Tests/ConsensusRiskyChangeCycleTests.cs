using System.Diagnostics;
using System.Text.Json;

namespace Agent.Cycle.Tests;

/// <summary>
/// A risky single change by policy: a target rule with effect <c>require-consensus</c> sends Validate's NeedsApproval to
/// consensus-review (one candidate: the cycle's worktree). With <c>Coordination:Consensus:RiskyChanges</c> =
/// ReviewersInsteadOfHuman one real reviewer (K = 1: a spawned agent-worker running the real Claude CLI against the
/// scripted model, started by <c>agent run</c> itself) decides: its approving verdict merges the change, its rejection
/// discards it. Either way the round is closed with the final outcome.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class ConsensusRiskyChangeCycleTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    // The reviewer's prompt (RequestReviews) starts "You are a reviewer"; the rule goes first because the prompt also
    // quotes the diff, which names wordCount like the implementer's prompt the rehearsal matches.
    private static string ReviewerRule(string verdict, string reason) => $$"""
        { "match": { "promptContains": "You are a reviewer" }, "respond": { "text": "{\"verdict\":\"{{verdict}}\",\"score\":0.8,\"reasons\":[\"{{reason}}\"]}" } },
        """;

    private async Task<CycleFixture> FixtureAsync(string riskyChanges, int reviewers, string? reviewerRule = null)
    {
        var f = await CycleFixture.CreateAsync("node-strings", "rehearsal-fix-failing-test-node.json", Token,
            reviewerRule is null ? null : script => script.Replace("\"rules\": [", "\"rules\": [\n" + reviewerRule, StringComparison.Ordinal));
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
        overrides["Coordination:Consensus:Reviewers"] = reviewers.ToString(System.Globalization.CultureInfo.InvariantCulture);
        overrides["Coordination:Consensus:RiskyChanges"] = riskyChanges;
        overrides["Coordination:Consensus:QuorumTimeout"] = "00:03:00";
        // The reviewer's Claude gets './agent mcp' as its coordination server, on this test's coordination.db.
        overrides["Coordination:McpCommand"] = "bash";
        overrides["Coordination:McpArguments:0"] = Path.Combine(AgentRepository.Root, "agent");
        overrides["Coordination:McpEnvironment:AGENT_Agent__DataDirectory"] = Path.Combine(f.Cli.Folder, ".data");
        foreach (var file in new[] { "consensus-review.json", "agent-worker.json" })
        {
            var imported = await f.Cli.RunAsync("workflows", "import", Path.Combine(AgentRepository.Root, "workflows", file));
            Assert.AreEqual(0, imported.ExitCode, $"{file}: {imported}");
        }
        return f;
    }

    // './agent' builds the server when a source is newer than its binary; build it once here rather than inside the
    // reviewer's MCP start, which Claude would give up on.
    private async Task BuildAgentWrapperAsync()
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = AgentRepository.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AgentRepository.Root, "agent"));
        start.ArgumentList.Add("--help");
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync(Token);
        await process.StandardOutput.ReadToEndAsync(Token);
        await process.WaitForExitAsync(Token);
        Assert.AreEqual(0, process.ExitCode, await error);
    }

    // What the cycle's child and the reviewer's worker were doing, for a failure message.
    private static async Task<string> DiagnoseAsync(CycleFixture f) =>
        $"instances: {await f.Cli.RunAsync("instances", "list")}\ntasks: {await f.Cli.RunAsync("agents", "tasks", "list")}\nagents: {await f.Cli.RunAsync("agents", "list")}\nmodel rules: {string.Join(",", f.Model.Log.MessagesRequests.Select(r => r.RuleIndex))}";

    private static JsonElement Round(CliResult shown) => shown.Json().GetProperty("round");

    [TestMethod]
    public async Task Require_consensus_reviews_the_change_before_the_human_and_the_human_still_decides()
    {
        await using var f = await FixtureAsync("Human", reviewers: 0);
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
        var closed = Round(await f.Cli.RunAsync("consensus", "show", round.GetProperty("id").GetString()!, "--json"));
        Assert.AreEqual("closed", closed.GetProperty("status").GetString(), closed.ToString());
        Assert.AreEqual("Merged", closed.GetProperty("outcome").GetString(), closed.ToString());
        Assert.AreEqual(f.Head(), closed.GetProperty("mergedCommit").GetString());
    }

    [TestMethod]
    public async Task One_real_reviewer_approves_and_the_risky_change_merges_without_a_human()
    {
        await BuildAgentWrapperAsync();
        await using var f = await FixtureAsync("ReviewersInsteadOfHuman", reviewers: 1, ReviewerRule("approve", "the fix is minimal and the test passes"));
        var before = f.Head();

        var (result, summary) = await f.RunCycleAsync();

        Assert.AreEqual(JsonValueKind.Object, summary.ValueKind, $"the cycle ran to its end: {result}\n{await DiagnoseAsync(f)}");
        Assert.AreEqual("merged", summary.GetProperty("outcome").GetString(), result.ToString());
        Assert.AreEqual(JsonValueKind.Null, summary.GetProperty("approvalId").ValueKind, "no human was asked");
        Assert.AreEqual(before, TestGit.Run(f.Target, "rev-parse", "HEAD~1").Trim(), "one commit");
        Assert.IsTrue(f.Model.Log.MessagesRequests.Any(r => r.RuleIndex == 0), "the reviewer's Claude asked the model");
        var roundId = summary.GetProperty("consensus").EnumerateArray().Single().GetProperty("round").GetString()!;
        var shown = await f.Cli.RunAsync("consensus", "show", roundId, "--json");
        var verdict = shown.Json().GetProperty("verdicts").EnumerateArray().Single();
        Assert.AreEqual("approve", verdict.GetProperty("verdict").GetString(), shown.ToString());
        StringAssert.Contains(verdict.GetProperty("reasons").ToString(), "the fix is minimal");
        var round = Round(shown);
        Assert.AreEqual("closed", round.GetProperty("status").GetString(), shown.ToString());
        Assert.AreEqual("Merged", round.GetProperty("outcome").GetString(), shown.ToString());
        Assert.AreEqual(f.Head(), round.GetProperty("mergedCommit").GetString());
    }

    [TestMethod]
    public async Task One_real_reviewer_rejects_and_the_risky_change_is_discarded()
    {
        await BuildAgentWrapperAsync();
        await using var f = await FixtureAsync("ReviewersInsteadOfHuman", reviewers: 1, ReviewerRule("reject", "it hides the real bug"));
        var before = f.Head();

        var (result, summary) = await f.RunCycleAsync();

        Assert.AreEqual(JsonValueKind.Object, summary.ValueKind, $"the cycle ran to its end: {result}\n{await DiagnoseAsync(f)}");
        Assert.AreEqual("rejected", summary.GetProperty("outcome").GetString(), result.ToString());
        StringAssert.Contains(summary.GetProperty("reason").GetString(), "reviewers rejected the change", summary.ToString());
        Assert.AreEqual(before, f.Head(), "nothing merged");
        Assert.AreEqual(0, f.AgentBranches().Length, "the change's branch is discarded");
        var list = await f.Cli.RunAsync("consensus", "list", "--json");
        var round = list.Json().EnumerateArray().Single();
        Assert.AreEqual("closed", round.GetProperty("status").GetString(), list.ToString());
        Assert.AreEqual("Rejected", round.GetProperty("outcome").GetString(), list.ToString());
        var verdict = (await f.Cli.RunAsync("consensus", "show", round.GetProperty("id").GetString()!, "--json")).Json().GetProperty("verdicts").EnumerateArray().Single();
        Assert.AreEqual("reject", verdict.GetProperty("verdict").GetString());
    }
}
