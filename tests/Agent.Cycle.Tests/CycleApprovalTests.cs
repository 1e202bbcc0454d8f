using System.Net.Http.Json;
using System.Text.Json;

namespace Agent.Cycle.Tests;

/// <summary>
/// A risky change (here every change: Validation:AlwaysNeedApproval) suspends the cycle at HumanApproval; the wait
/// survives a killed and restarted server, and <c>agent approve</c> / <c>agent reject</c> resume it to a merge or a discard.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class CycleApprovalTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task A_risky_change_waits_for_approval_across_a_server_restart_and_agent_approve_merges_it()
    {
        await using var f = await RiskyFixtureAsync();
        var before = f.Head();
        var (instanceId, approvalId) = await RunUntilApprovalAsync(f);

        await using (var server = await ServerProcess.StartAsync(f.Cli, Token, [.. f.Settings, ("Validation:AlwaysNeedApproval", "true")]))
        {
            var pending = await server.Http.GetFromJsonAsync<JsonElement>("/api/approvals", Token);
            Assert.AreEqual(approvalId, pending[0].GetProperty("id").GetString(), server.Log);
            server.Kill();
        }
        Assert.AreEqual(before, f.Head(), "nothing is merged while the approval waits");
        Assert.HasCount(1, f.AgentBranches(), "the worktree waits with the instance, also after the restart's cleanup");

        await using (await ServerProcess.StartAsync(f.Cli, Token, [.. f.Settings, ("Validation:AlwaysNeedApproval", "true")]))
        {
            var approved = await f.Cli.RunAsync("approve", approvalId, "--comment", "looks right", "--by", "ada");
            Assert.AreEqual(0, approved.ExitCode, approved.ToString());
        }

        var summary = await SummaryAsync(f, instanceId);
        Assert.AreEqual("merged", summary.GetProperty("outcome").GetString(), summary.ToString());
        Assert.AreEqual(approvalId, summary.GetProperty("approvalId").GetString());
        Assert.AreEqual(summary.GetProperty("commit").GetString(), f.Head());
        Assert.AreEqual(before, TestGit.Run(f.Target, "rev-parse", "HEAD~1").Trim(), "one commit");
        Assert.IsEmpty(f.AgentBranches());
    }

    [TestMethod]
    public async Task Agent_reject_discards_the_waiting_change()
    {
        await using var f = await RiskyFixtureAsync();
        var before = f.Head();
        var (instanceId, approvalId) = await RunUntilApprovalAsync(f);

        var rejected = await f.Cli.RunAsync("reject", approvalId, "--comment", "too risky", "--by", "ada");
        Assert.AreEqual(0, rejected.ExitCode, rejected.ToString());

        var summary = await SummaryAsync(f, instanceId);
        Assert.AreEqual("discarded", summary.GetProperty("outcome").GetString(), summary.ToString());
        StringAssert.Contains(summary.GetProperty("reason").GetString(), "too risky");
        Assert.AreEqual(before, f.Head(), "main is untouched");
        Assert.IsEmpty(f.AgentBranches(), "the worktree and its branch are gone");
    }

    [TestMethod]
    public async Task A_change_approved_after_main_moved_on_is_checked_after_the_merge_and_reverted_when_it_breaks_a_test()
    {
        await using var f = await RiskyFixtureAsync();
        var (instanceId, approvalId) = await RunUntilApprovalAsync(f);
        // While the change waits, main gets a test that holds for the old wordCount and not for the fixed one: the two
        // changes touch different files (the rebase is clean) and still break each other.
        await File.WriteAllTextAsync(Path.Combine(f.Target, "test", "legacy.test.js"), """
            'use strict';
            const test = require('node:test');
            const assert = require('node:assert/strict');
            const { wordCount } = require('../src/strings');
            test('legacy wordCount counts the gap of a double space', () => { assert.equal(wordCount('a  b'), 3); });
            """, Token);
        TestGit.Run(f.Target, "add", "test/legacy.test.js");
        TestGit.Run(f.Target, "-c", "user.name=Ada", "-c", "user.email=ada@example.invalid", "commit", "-qm", "Pin the legacy word count");
        var moved = f.Head();

        var approved = await f.Cli.RunAsync("approve", approvalId, "--comment", "fine", "--by", "ada");
        Assert.AreEqual(0, approved.ExitCode, approved.ToString());

        var summary = await SummaryAsync(f, instanceId);
        Assert.AreEqual("reverted", summary.GetProperty("outcome").GetString(), summary.ToString());
        StringAssert.Contains(summary.GetProperty("reason").GetString(), "legacy wordCount counts the gap of a double space");
        var merged = summary.GetProperty("commit").GetString()!;
        Assert.AreEqual(moved, TestGit.Run(f.Target, "rev-parse", merged + "^").Trim(), "the change was rebased onto the moved main");
        Assert.AreEqual(merged, TestGit.Run(f.Target, "rev-parse", "HEAD~1").Trim(), "then reverted by the next commit");
        StringAssert.Contains(TestGit.Run(f.Target, "log", "-1", "--format=%B"), $"Agent-Revert-Of: {merged}");
        Assert.AreEqual("", TestGit.Run(f.Target, "diff", moved, "HEAD").Trim(), "main's files are as before the merge");
        Assert.IsEmpty(f.AgentBranches(), "the task's and the check's worktrees are gone");

        var patterns = await f.Cli.RunAsync("knowledge", "patterns", "--json");
        var pattern = patterns.Json().EnumerateArray().Single(p => p.GetProperty("approachKey").GetString() == "template:fix-failing-test");
        Assert.AreEqual((0, 1), (pattern.GetProperty("successCount").GetInt32(), pattern.GetProperty("failureCount").GetInt32()), "the reverted attempt counts as a failure: " + patterns.Output);

        var audit = await f.Cli.RunAsync("audit", "--json");
        string[] watched = ["config.changed", "approval.requested", "approval.decided", "change.merged", "change.reverted"];
        var kinds = audit.Json().EnumerateArray().Reverse().Select(r => r.GetProperty("kind").GetString()!).Where(watched.Contains).ToArray();
        CollectionAssert.AreEqual(watched, kinds, "the cycle's safety events are audited in order: " + audit.Output);
        var verify = await f.Cli.RunAsync("audit", "verify");
        Assert.AreEqual(0, verify.ExitCode, verify.ToString());
    }

    private async Task<CycleFixture> RiskyFixtureAsync()
    {
        var f = await CycleFixture.CreateAsync("node-strings", "rehearsal-fix-failing-test-node.json", Token);
        ((Dictionary<string, string?>)f.Cli.Settings.Overrides)["Validation:AlwaysNeedApproval"] = "true";
        return f;
    }

    private static async Task<(string InstanceId, string ApprovalId)> RunUntilApprovalAsync(CycleFixture f)
    {
        var (result, _) = await f.RunCycleAsync();
        var json = result.Json();
        Assert.AreEqual("Suspended", json.GetProperty("status").GetString(), result.ToString());
        var instanceId = json.GetProperty("instanceId").GetString()!;
        var approvals = await f.Cli.RunAsync("approvals", "--json");
        var pending = approvals.Json().EnumerateArray().Single();
        Assert.AreEqual(instanceId, pending.GetProperty("instanceId").GetString(), approvals.ToString());
        return (instanceId, pending.GetProperty("id").GetString()!);
    }

    private static async Task<JsonElement> SummaryAsync(CycleFixture f, string instanceId)
    {
        var shown = await f.Cli.RunAsync("instances", "show", instanceId, "--json");
        var json = shown.Json();
        Assert.AreEqual("Finished", json.GetProperty("status").GetString(), shown.ToString());
        return json.GetProperty("variables").GetProperty("summary");
    }
}
