namespace Agent.Cycle.Tests;

/// <summary>
/// The shipped improvement cycle on a warning with a known fix: Plan chooses the deterministic mode, ApplyKnownFix removes
/// the warning with a Roslyn syntax edit in the worktree, and the change is validated and merged without asking the model.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class KnownFixCycleTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task A_CS0219_warning_is_removed_by_a_syntax_edit_and_merged_as_one_commit_without_asking_the_model()
    {
        await using var f = await CycleFixture.CreateAsync("dotnet-calculator", "rehearsal-fix-failing-test-dotnet.json", Token);
        // Only the clean-build goal: the warning is the top gap (the sample's failing test is not a goal here).
        await File.WriteAllTextAsync(Path.Combine(f.Target, "agent.goals.yaml"),
            "goals:\n  - id: builds-clean\n    title: The build is clean\n    targets:\n      - metric: build.succeeded\n        min: 1\n      - metric: build.warnings\n        max: 0\n", Token);
        TestGit.CommitAll(f.Target, "only the clean-build goal");
        var before = f.Head();

        var (result, summary) = await f.RunCycleAsync();
        TestContext.WriteLine(result.ToString());

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.AreEqual("merged", summary.GetProperty("outcome").GetString(), result.ToString());
        Assert.AreEqual("remove-warning", summary.GetProperty("topGap").GetProperty("taskType").GetString());
        Assert.AreEqual(before, TestGit.Run(f.Target, "rev-parse", "HEAD~1").Trim(), "exactly one commit was added");
        Assert.AreEqual(summary.GetProperty("commit").GetString(), f.Head());
        var diff = TestGit.Run(f.Target, "show", "--format=", "--unified=0", "HEAD");
        var changed = diff.Split('\n').Where(l => l.Length > 0 && l[0] is '+' or '-' && !l.StartsWith("+++", StringComparison.Ordinal) && !l.StartsWith("---", StringComparison.Ordinal)).ToList();
        CollectionAssert.AreEqual(new[] { "-        var unused = 0;" }, changed, diff);
        StringAssert.Contains(TestGit.Run(f.Target, "log", "-1", "--format=%B"), "build.warnings: 1 -> 0");

        var validation = result.Json().GetProperty("variables").GetProperty("validation");
        Assert.AreEqual(1, validation.GetProperty("metricsBefore").GetProperty("build.warnings").GetDouble());
        Assert.AreEqual(0, validation.GetProperty("metricsAfter").GetProperty("build.warnings").GetDouble());
        var run = result.Json().GetProperty("variables").GetProperty("execution").EnumerateArray().Single();
        Assert.AreEqual("ast-fix", run.GetProperty("subtype").GetString());
        StringAssert.Contains(run.GetProperty("text").GetString(), "'unused'");
        Assert.AreEqual(0, summary.GetProperty("tokens").GetInt64());
        Assert.AreEqual(0, f.Model.Log.MessagesRequests.Count, "the scripted model received no request");
        Assert.IsEmpty(f.AgentBranches(), "the task branch is gone after the merge");

        // Learned under the fix's own approach, so repeated failures would turn the syntax edit off.
        var patterns = await f.Cli.RunAsync("knowledge", "patterns", "--task-type", "remove-warning", "--json");
        Assert.AreEqual(0, patterns.ExitCode, patterns.ToString());
        StringAssert.Contains(patterns.Output, "ast-fix:cs0219", patterns.Output);
    }
}
