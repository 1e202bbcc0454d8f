using System.Text.Json;

namespace Agent.Cycle.Tests;

/// <summary>
/// The improvement cycle on the agent's own repository (Validation:AgentRepository), with the learned notes: the real
/// CLI, the real Claude CLI against the scripted model server, real git, npm test and the knowledge base on SQLite.
/// The "agent's own repository" here is a stand-in — a copy of samples/node-strings named as the agent repository:
/// running the real agent's suite inside one of its own tests would recurse (the suite holds this test) and take far
/// too long. Everything the self-target changes (the approval it always needs, the notes in CLAUDE.md travelling with
/// the change) depends only on that setting, not on the repository's content.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class SelfTargetCycleTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task A_change_to_the_agent_itself_waits_for_approval_with_its_learned_notes_reject_keeps_main_and_approve_merges_both_in_one_commit()
    {
        await using var f = await CycleFixture.CreateAsync("node-strings", "rehearsal-fix-failing-test-node.json", Token);

        // 1. A first cycle teaches the knowledge base a fix that worked in this repository (the wordCount failure); the
        //    knowledge base was empty when it ran, so it wrote no notes. Then someone reverts it: the failure is back.
        //    (Notes carry only what was learned in the repository they are written into.)
        var learned = await f.Cli.RunAsync("run", CycleFixture.DefinitionFile, "--input", $"targetPath={f.Target}", "--json");
        Assert.AreEqual("merged", learned.Json().GetProperty("variables").GetProperty("summary").GetProperty("outcome").GetString(), learned.ToString());
        Assert.IsFalse(File.Exists(Path.Combine(f.Target, "CLAUDE.md")), "nothing was known before the first cycle: no notes");
        TestGit.Run(f.Target, "-c", "user.name=Test", "-c", "user.email=test@example.invalid", "revert", "--no-edit", "HEAD");

        // 2. The agent's own repository: the change waits for a human, and its diff carries the notes.
        ((Dictionary<string, string?>)f.Cli.Settings.Overrides)["Validation:AgentRepository"] = f.Target;
        var before = f.Head();
        var (rejectedId, rejectedApproval) = await RunUntilApprovalAsync(f);
        Assert.IsFalse(File.Exists(Path.Combine(f.Target, "CLAUDE.md")), "the notes wait in the worktree, not in the target");

        var rejected = await f.Cli.RunAsync("reject", rejectedApproval, "--comment", "not tonight", "--by", "ada");
        Assert.AreEqual(0, rejected.ExitCode, rejected.ToString());
        Assert.AreEqual("discarded", (await SummaryAsync(f, rejectedId)).GetProperty("outcome").GetString());
        Assert.AreEqual(before, f.Head(), "a rejected change leaves main as it was");
        Assert.IsFalse(File.Exists(Path.Combine(f.Target, "CLAUDE.md")), "and no notes");
        Assert.AreEqual("", TestGit.Run(f.Target, "status", "--porcelain").Trim());
        Assert.IsEmpty(f.AgentBranches(), "the worktree with the notes is gone");

        // 3. The next cycle again; approved, the fix and the notes land as one commit.
        var (approvedId, approvedApproval) = await RunUntilApprovalAsync(f);
        var approved = await f.Cli.RunAsync("approve", approvedApproval, "--comment", "notes read well", "--by", "ada");
        Assert.AreEqual(0, approved.ExitCode, approved.ToString());

        var summary = await SummaryAsync(f, approvedId);
        Assert.AreEqual("merged", summary.GetProperty("outcome").GetString(), summary.ToString());
        Assert.AreEqual(summary.GetProperty("commit").GetString(), f.Head());
        Assert.AreEqual(before, TestGit.Run(f.Target, "rev-parse", "HEAD~1").Trim(), "exactly one commit");
        var files = TestGit.Run(f.Target, "show", "--name-only", "--format=", "HEAD").Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList();
        CollectionAssert.AreEqual(new[] { "CLAUDE.md", "src/strings.js" }, files, "the fix and the notes, in one commit");
        var notes = await File.ReadAllTextAsync(Path.Combine(f.Target, "CLAUDE.md"), Token);
        StringAssert.Contains(notes, "<!-- agent:learned-notes:begin -->");
        StringAssert.Contains(notes, "### Errors and the fixes that worked");
        StringAssert.Contains(notes, "wordCount");
        // Its track record: the first cycle's success; the human's rejection in between says nothing about the fix.
        StringAssert.Contains(notes, "Fix (worked once, failed 0 times)");
        StringAssert.Contains(notes, "<!-- agent:learned-notes:end -->");
    }

    private static async Task<(string InstanceId, string ApprovalId)> RunUntilApprovalAsync(CycleFixture f)
    {
        var (result, _) = await f.RunCycleAsync();
        var json = result.Json();
        Assert.AreEqual("Suspended", json.GetProperty("status").GetString(), result.ToString());
        StringAssert.Contains(result.Output, "notes: CLAUDE.md updated", "the notes were written in this cycle");
        var approvals = await f.Cli.RunAsync("approvals", "--json");
        var pending = approvals.Json().EnumerateArray().Single();
        var reasons = pending.GetProperty("riskReasons").EnumerateArray().Select(r => r.GetString()).ToList();
        // The risk assessment's reason, and the policy's rule that also asks for approval (issue 18).
        Assert.HasCount(2, reasons, approvals.ToString());
        Assert.AreEqual("the target is the agent's own repository.", reasons[0]);
        StringAssert.StartsWith(reasons[1], "policy: rule 'self-modify-needs-approval' (built-in:");
        StringAssert.EndsWith(reasons[1], "require-approval: Changes to the agent's own repository wait for a person's approval.");
        var diffStat = pending.GetProperty("diffStat").GetString()!;
        StringAssert.Contains(diffStat, "CLAUDE.md | +", "the approval's diff shows the notes");
        StringAssert.Contains(diffStat, "src/strings.js");
        return (pending.GetProperty("instanceId").GetString()!, pending.GetProperty("id").GetString()!);
    }

    private static async Task<JsonElement> SummaryAsync(CycleFixture f, string instanceId)
    {
        var shown = await f.Cli.RunAsync("instances", "show", instanceId, "--json");
        var json = shown.Json();
        Assert.AreEqual("Finished", json.GetProperty("status").GetString(), shown.ToString());
        return json.GetProperty("variables").GetProperty("summary");
    }
}
