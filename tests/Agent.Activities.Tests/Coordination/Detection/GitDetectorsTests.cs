using Agent.Activities.Coordination.Detection;

namespace Agent.Activities.Tests.Coordination.Detection;

/// <summary>Oscillation and duplicate work on real git repositories and worktrees.</summary>
[TestClass]
[TestCategory("Slow")]
public sealed class GitDetectorsTests
{
    private string _folder = null!;

    public TestContext TestContext { get; set; } = null!;

    [TestInitialize]
    public void CreateFolder() => _folder = TempFolder.Create("agent-detection-git");

    [TestCleanup]
    public void DeleteFolder() => TempFolder.Delete(_folder);

    [TestMethod]
    public async Task Two_agents_flipping_one_hunk_across_their_branches_is_an_oscillation()
    {
        var git = new GitScenario(_folder);
        var (a, b) = (git.Worktree("agent-a"), git.Worktree("agent-b"));
        GitScenario.CommitEdit(a, "config.txt", "timeout = 10", "timeout = 20", "raise the timeout");
        GitScenario.Take(b, "agent-a");
        GitScenario.CommitEdit(b, "config.txt", "timeout = 20", "timeout  =  10", "restore the timeout");
        GitScenario.Take(a, "agent-b");
        GitScenario.CommitEdit(a, "config.txt", "timeout  =  10", "timeout = 20", "raise the timeout again");
        await using var host = await DetectionHost.OpenAsync(_folder);

        var findings = await host.DetectAsync(DetectorNames.Oscillation, new("agent-a", "task-1", a), new("agent-b", "task-2", b));

        var finding = findings.Single();
        CollectionAssert.AreEqual(new[] { "agent-a", "agent-b" }, finding.Agents.ToArray());
        Assert.AreEqual("config.txt", finding.Evidence["file"]!.GetValue<string>());
        Assert.AreEqual(2, finding.Evidence["flips"]!.GetValue<int>(), "apply, undo (whitespace differs), apply again: two flips");
        Assert.AreEqual(3, finding.Evidence["commits"]!.AsArray().Count);
        StringAssert.Contains(finding.Summary, "flipped 2 times");
    }

    [TestMethod]
    public async Task An_uncommitted_candidate_that_undoes_the_other_agents_undo_counts_as_a_flip()
    {
        var git = new GitScenario(_folder);
        var (a, b) = (git.Worktree("agent-a"), git.Worktree("agent-b"));
        GitScenario.CommitEdit(a, "config.txt", "timeout = 10", "timeout = 20", "raise the timeout");
        GitScenario.Take(b, "agent-a");
        GitScenario.CommitEdit(b, "config.txt", "timeout = 20", "timeout = 10", "restore the timeout");
        GitScenario.Take(a, "agent-b");
        await using var host = await DetectionHost.OpenAsync(_folder);
        Assert.IsEmpty(await host.DetectAsync(DetectorNames.Oscillation, new("agent-a", "task-1", a), new("agent-b", "task-2", b)), "one flip so far");

        GitScenario.Edit(a, "config.txt", "timeout = 10", "timeout = 20");
        var finding = (await host.DetectAsync(DetectorNames.Oscillation, new("agent-a", "task-1", a), new("agent-b", "task-2", b))).Single();

        var steps = finding.Evidence["commits"]!.AsArray();
        Assert.AreEqual("candidate:agent-a", steps[^1]!["commit"]!.GetValue<string>());
        Assert.AreEqual(2, finding.Evidence["flips"]!.GetValue<int>());
    }

    [TestMethod]
    public async Task Agents_moving_forward_on_one_file_are_no_oscillation_and_the_threshold_is_respected()
    {
        var git = new GitScenario(_folder);
        var (a, b) = (git.Worktree("agent-a"), git.Worktree("agent-b"));
        GitScenario.CommitEdit(a, "config.txt", "timeout = 10", "timeout = 20", "raise the timeout");
        GitScenario.Take(b, "agent-a");
        GitScenario.CommitEdit(b, "config.txt", "retries = 1", "retries = 3", "more retries");
        GitScenario.CommitEdit(b, "config.txt", "timeout = 20", "timeout = 30", "raise the timeout further");
        GitScenario.CommitEdit(a, "src/Calc.cs", "a + b", "checked(a + b)", "overflow");
        await using var host = await DetectionHost.OpenAsync(_folder);
        Assert.IsEmpty(await host.DetectAsync(DetectorNames.Oscillation, new("agent-a", "task-1", a), new("agent-b", "task-2", b)));

        // One undo is a single flip: below the default of two.
        GitScenario.CommitEdit(a, "src/Calc.cs", "checked(a + b)", "a + b", "undo overflow");
        Assert.IsEmpty(await host.DetectAsync(DetectorNames.Oscillation, new("agent-a", "task-1", a), new("agent-b", "task-2", b)));
        await using var strict = await DetectionHost.OpenAsync(Path.Combine(_folder, "strict"), new Dictionary<string, string?> { ["Coordination:Detection:Oscillation:MinFlips"] = "1" });
        Assert.HasCount(1, await strict.DetectAsync(DetectorNames.Oscillation, new AgentWorkspace("agent-a", "task-1", a)));
    }

    [TestMethod]
    public async Task Two_agents_changing_one_file_for_different_tasks_is_duplicate_work()
    {
        var git = new GitScenario(_folder);
        var (a, b, c) = (git.Worktree("agent-a"), git.Worktree("agent-b"), git.Worktree("agent-c"));
        GitScenario.CommitEdit(a, "src/Calc.cs", "a + b", "checked(a + b)", "overflow");   // committed since main
        GitScenario.Edit(b, "src/Calc.cs", "a + b", "b + a");                               // uncommitted
        GitScenario.Edit(c, "README.md", "# calc", "# calculator");                         // another file
        await using var host = await DetectionHost.OpenAsync(_folder);

        var findings = await host.DetectAsync(DetectorNames.DuplicateWork,
            new("agent-a", "task-1", a, "main"), new("agent-b", "task-2", b), new("agent-c", "task-3", c));

        var finding = findings.Single();
        CollectionAssert.AreEqual(new[] { "agent-a", "agent-b" }, finding.Agents.ToArray());
        Assert.AreEqual("src/Calc.cs", finding.Evidence["sharedFiles"]!.AsArray().Single()!.GetValue<string>());
        StringAssert.Contains(finding.Summary, "task-1");
    }

    [TestMethod]
    public async Task Agents_on_one_task_or_on_different_files_are_no_duplicate_work_and_a_bad_base_is_a_clear_error()
    {
        var git = new GitScenario(_folder);
        var (a, b) = (git.Worktree("agent-a"), git.Worktree("agent-b"));
        GitScenario.Edit(a, "src/Calc.cs", "a + b", "checked(a + b)");
        GitScenario.Edit(b, "src/Calc.cs", "a + b", "b + a");
        await using var host = await DetectionHost.OpenAsync(_folder);
        Assert.IsEmpty(await host.DetectAsync(DetectorNames.DuplicateWork, new("agent-a", "task-1", a), new("agent-b", "task-1", b)), "one task shared by two agents is pairing, not duplication");

        TestGit.Run(b, "checkout", "--", "src/Calc.cs");
        GitScenario.Edit(b, "README.md", "# calc", "# calculator");
        Assert.IsEmpty(await host.DetectAsync(DetectorNames.DuplicateWork, new("agent-a", "task-1", a), new("agent-b", "task-2", b)));

        var error = await Assert.ThrowsExactlyAsync<DetectionException>(() => host.DetectAsync(DetectorNames.DuplicateWork, new AgentWorkspace("agent-a", "task-1", a, "no-such-branch")));
        StringAssert.Contains(error.Message, "base revision 'no-such-branch'");
    }
}
