using System.Net.Http.Json;
using System.Text.Json;
using Agent.Workflows.Tests.Cli;

namespace Agent.Workflows.Tests.Cycle;

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
        Assert.AreEqual(before, CycleFixture.Git(f.Target, "rev-parse", "HEAD~1").Trim(), "one commit");
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
