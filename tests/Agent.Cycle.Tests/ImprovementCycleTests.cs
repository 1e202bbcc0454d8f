using System.Text.Json;

namespace Agent.Cycle.Tests;

/// <summary>
/// The shipped improvement-cycle workflow end to end: the real CLI (<c>agent run workflows/improvement-cycle.json</c>),
/// the real Claude CLI against the scripted model server playing a rehearsal script, real git and real test runners.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class ImprovementCycleTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task A_failing_test_is_fixed_and_merged_as_one_commit_with_metrics_before_and_after_learned()
    {
        await using var f = await CycleFixture.CreateAsync("node-strings", "rehearsal-fix-failing-test-node.json", Token);
        var before = f.Head();

        var (result, summary) = await f.RunCycleAsync();
        TestContext.WriteLine(result.ToString());

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.AreEqual("merged", summary.GetProperty("outcome").GetString(), result.ToString());
        var commit = summary.GetProperty("commit").GetString()!;
        Assert.AreEqual(commit, f.Head(), "main moved to the cycle's commit");
        Assert.AreEqual(before, TestGit.Run(f.Target, "rev-parse", "HEAD~1").Trim(), "exactly one commit was added");
        var message = TestGit.Run(f.Target, "log", "-1", "--format=%B");
        StringAssert.Contains(message, $"Agent-Cycle: {summary.GetProperty("cycleId").GetString()}");
        StringAssert.Contains(message, "fix-failing-test:wordCount");
        StringAssert.Contains(message, "tests.failed");
        Assert.AreEqual(1, summary.GetProperty("testsBefore").GetProperty("failed").GetInt32());
        Assert.AreEqual(0, summary.GetProperty("testsAfter").GetProperty("failed").GetInt32());
        Assert.AreEqual(summary.GetProperty("testsBefore").GetProperty("total").GetInt32(), summary.GetProperty("testsAfter").GetProperty("total").GetInt32());
        Assert.IsTrue(summary.GetProperty("improvementScore").GetDouble() > 0);
        Assert.AreEqual("fix-failing-test", summary.GetProperty("topGap").GetProperty("taskType").GetString());
        Assert.IsTrue(summary.GetProperty("gapsFound").GetInt32() >= 1);
        Assert.IsTrue(summary.GetProperty("tokens").GetInt64() > 0, "Claude's tokens are counted");
        Assert.AreEqual(JsonValueKind.Null, summary.GetProperty("approvalId").ValueKind);
        Assert.IsEmpty(f.AgentBranches(), "the task branch is gone after the merge");

        // Learned: the accepted attempt with its metrics, and the fix as the failing test's solution.
        var errors = await f.Cli.RunAsync("knowledge", "errors", "--json");
        Assert.AreEqual(0, errors.ExitCode, errors.ToString());
        StringAssert.Contains(errors.Output, "wordCount");
        var kpi = await f.Cli.RunAsync("kpi", "--json");
        Assert.AreEqual(0, kpi.ExitCode, kpi.ToString());
        var learning = kpi.Json().GetProperty("learningEfficiency").EnumerateArray().Single(t => t.GetProperty("taskType").GetString() == "fix-failing-test");
        Assert.IsTrue(learning.GetProperty("firstSuccess").GetProperty("turns").GetInt32() >= 2, "the attempt's model turns are recorded: " + learning);
    }

    [TestMethod]
    public async Task A_change_that_breaks_another_test_is_rejected_discarded_and_its_error_learned()
    {
        await using var f = await CycleFixture.CreateAsync("node-strings", "rehearsal-break-other-test-node.json", Token);
        var before = f.Head();

        var (result, summary) = await f.RunCycleAsync();

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.AreEqual("rejected", summary.GetProperty("outcome").GetString(), result.ToString());
        Assert.AreEqual(before, f.Head(), "main is untouched");
        Assert.AreEqual("", TestGit.Run(f.Target, "status", "--porcelain").Trim(), "the target's work tree is untouched");
        Assert.IsEmpty(f.AgentBranches(), "the worktree and its branch are discarded");
        var failures = summary.GetProperty("gateFailures").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.IsTrue(failures.Any(x => x.Contains("capitalize", StringComparison.Ordinal)), string.Join("\n", failures));
        Assert.AreEqual(JsonValueKind.Null, summary.GetProperty("commit").ValueKind);

        var errors = await f.Cli.RunAsync("knowledge", "errors", "--json");
        StringAssert.Contains(errors.Output, "capitalize", "the new failure is in the error database");
    }

    [TestMethod]
    public async Task A_change_that_deletes_a_test_is_rejected_by_the_hard_gate()
    {
        await using var f = await CycleFixture.CreateAsync("node-strings", "rehearsal-delete-test-node.json", Token);
        var before = f.Head();

        var (result, summary) = await f.RunCycleAsync();

        Assert.AreEqual("rejected", summary.GetProperty("outcome").GetString(), result.ToString());
        Assert.AreEqual(before, f.Head());
        var failures = string.Join("\n", summary.GetProperty("gateFailures").EnumerateArray().Select(e => e.GetString()));
        StringAssert.Contains(failures, "test", failures);
        Assert.IsEmpty(f.AgentBranches());
    }

    [TestMethod]
    public async Task A_target_that_is_not_a_git_repository_fails_the_cycle_with_a_clear_reason_and_changes_nothing()
    {
        await using var f = await CycleFixture.CreateAsync("node-strings", "rehearsal-fix-failing-test-node.json", Token);
        var plain = Directory.CreateDirectory(Path.Combine(f.Cli.Folder, "plain")).FullName;

        var result = await f.Cli.RunAsync("run", CycleFixture.DefinitionFile, "--input", $"targetPath={plain}", "--json");

        var summary = result.Json().GetProperty("variables").GetProperty("summary");
        Assert.AreEqual("failed", summary.GetProperty("outcome").GetString(), result.ToString());
        StringAssert.Contains(summary.GetProperty("reason").GetString(), "git");
        Assert.IsEmpty(Directory.GetFileSystemEntries(plain), "nothing was written into the folder");
        Assert.AreEqual(0, f.Model.Log.MessagesRequests.Count, "Claude was never asked");
    }

    [TestMethod]
    public async Task A_goals_file_with_an_unknown_metric_stops_the_cycle_with_a_clear_error_and_changes_nothing()
    {
        await using var f = await CycleFixture.CreateAsync("node-strings", "rehearsal-fix-failing-test-node.json", Token);
        await File.WriteAllTextAsync(Path.Combine(f.Target, "agent.goals.yaml"), "goals:\n  - id: speed\n    title: Fast tests\n    targets:\n      - metric: tests.seconds\n        max: 1\n", Token);
        TestGit.CommitAll(f.Target, "goals");
        var before = f.Head();

        var (result, _) = await f.RunCycleAsync();

        var json = result.Json();
        Assert.AreEqual("Finished", json.GetProperty("status").GetString(), result.ToString());
        var summary = json.GetProperty("variables").GetProperty("summary");
        Assert.AreEqual("failed", summary.GetProperty("outcome").GetString(), result.ToString());
        StringAssert.Contains(summary.GetProperty("reason").GetString(), "unknown metric 'tests.seconds'");
        Assert.IsTrue(summary.GetProperty("testsBefore").ValueKind == System.Text.Json.JsonValueKind.Null, "refused before anything was measured");
        Assert.AreEqual(before, f.Head());
        Assert.IsEmpty(f.AgentBranches());
        Assert.AreEqual(0, f.Model.Log.MessagesRequests.Count, "Claude was never asked");
    }

    [TestMethod]
    public async Task A_cron_that_does_not_parse_is_refused_at_import_and_nothing_is_stored()
    {
        await using var f = await CycleFixture.CreateAsync("node-strings", "rehearsal-fix-failing-test-node.json", Token);
        var json = (await File.ReadAllTextAsync(CycleFixture.DefinitionFile, Token)).Replace("0 0 2 * * ?", "every night at two", StringComparison.Ordinal);

        var imported = await f.Cli.RunAsync("workflows", "import", f.Cli.WriteFile("bad-cron.json", json));

        Assert.AreNotEqual(0, imported.ExitCode, imported.ToString());
        StringAssert.Contains(imported.Output + imported.Error, "every night at two");
        var listed = await f.Cli.RunAsync("workflows", "list", "--json");
        Assert.DoesNotContain("improvement-cycle", listed.Output, "nothing was stored");
    }
}
