namespace Agent.Cycle.Tests;

/// <summary>The policy in a real cycle (real CLI, real Claude CLI against the scripted model, real git and node): a malformed policy stops the cycle before anything runs, and a policy that denies merging rejects a change every gate passed.</summary>
[TestClass]
[TestCategory("Slow")]
public sealed class PolicyCycleTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task A_malformed_target_policy_stops_the_cycle_naming_the_line_and_changes_nothing()
    {
        await using var f = await CycleFixture.CreateAsync("node-strings", "rehearsal-fix-failing-test-node.json", Token);
        var policy = Path.Combine(f.Target, "agent.policy.yaml");
        await File.WriteAllTextAsync(policy, "version: 1\nrules:\n  - id: no-deletes\n    match: { action: file.delete }\n", Token);
        TestGit.Run(f.Target, "add", "agent.policy.yaml");
        TestGit.CommitAll(f.Target, "policy");
        var before = f.Head();

        var (result, summary) = await f.RunCycleAsync();

        Assert.AreEqual("failed", summary.GetProperty("outcome").GetString(), result.ToString());
        var reason = summary.GetProperty("reason").GetString()!;
        StringAssert.Contains(reason, "the policy cannot be used, so no cycle starts");
        StringAssert.Contains(reason, $"{policy}:4: unknown action class 'file.delete' in rule 'no-deletes'");
        Assert.AreEqual(before, f.Head());
        Assert.IsEmpty(f.AgentBranches());
        Assert.AreEqual(0, f.Model.Log.MessagesRequests.Count, "Claude was never asked");
    }

    [TestMethod]
    public async Task A_target_policy_that_denies_merging_rejects_a_passing_change_with_the_rule_and_reason()
    {
        await using var f = await CycleFixture.CreateAsync("node-strings", "rehearsal-fix-failing-test-node.json", Token);
        await File.WriteAllTextAsync(Path.Combine(f.Target, "agent.policy.yaml"), """
            version: 1
            rules:
              - id: frozen
                match: { action: merge }
                effect: deny
                reason: this repository is frozen for the release
            """, Token);
        TestGit.Run(f.Target, "add", "agent.policy.yaml");
        TestGit.CommitAll(f.Target, "freeze");
        var before = f.Head();

        var (result, summary) = await f.RunCycleAsync();

        Assert.AreEqual("rejected", summary.GetProperty("outcome").GetString(), result.ToString());
        var failures = string.Join("\n", summary.GetProperty("gateFailures").EnumerateArray().Select(e => e.GetString()));
        StringAssert.Contains(failures, "policy: rule 'frozen'");
        StringAssert.Contains(failures, "this repository is frozen for the release");
        Assert.AreEqual(0, summary.GetProperty("testsAfter").GetProperty("failed").GetInt32(), "the change itself passed: the policy rejected it");
        Assert.AreEqual(before, f.Head(), "main is untouched");
        Assert.IsEmpty(f.AgentBranches());
    }
}
