using Agent.Activities.SelfModification;

namespace Agent.Activities.Tests.SelfModification;

[TestClass]
public sealed class GitSelfModificationTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task A_task_gets_its_own_worktree_on_a_telling_branch_and_asking_again_returns_it()
    {
        using var repo = new TempGitRepository();
        var wt = await repo.Worktrees.CreateAsync(repo.Path_, "1A2B3C4D-5555-6666", "Fix failing test: CalcTests", Token);

        Assert.AreEqual("agent/fix-failing-test-calctests-1a2b3c4d", wt.Branch);
        Assert.AreEqual("main", wt.TargetBranch);
        Assert.AreEqual(repo.Git("rev-parse", "main"), wt.BaseCommit);
        Assert.IsTrue(File.Exists(Path.Combine(wt.Path, "src/Calc.cs")));
        StringAssert.StartsWith(wt.Path, repo.Options.WorktreeRoot);
        Assert.AreEqual(wt.Branch, TempGitRepository.GitIn(wt.Path, "symbolic-ref", "--short", "HEAD"));

        var again = await repo.Worktrees.CreateAsync(repo.Path_, "1A2B3C4D-5555-6666", "Fix failing test: CalcTests", Token);
        Assert.AreEqual(wt, again);
    }

    [TestMethod]
    public async Task The_diff_lists_added_modified_deleted_files_with_content_and_a_stat()
    {
        using var repo = new TempGitRepository();
        var wt = await repo.Worktrees.CreateAsync(repo.Path_, "task-diff", "docs", Token);
        repo.Write("src/Calc.cs", "public static class Calc { public static int Add(int a, int b) => a + b; public static int Sub(int a, int b) => a - b; }\n", wt.Path);
        repo.Write("docs/new.md", "new\nfile\n", wt.Path);
        File.Delete(Path.Combine(wt.Path, "README.md"));

        var diff = await repo.Diffs.ReadAsync(wt, Token);

        var byPath = diff.Files.ToDictionary(f => f.Path);
        Assert.AreEqual(FileChangeKind.Modified, byPath["src/Calc.cs"].Kind);
        Assert.AreEqual(FileChangeKind.Added, byPath["docs/new.md"].Kind);
        Assert.AreEqual(2, byPath["docs/new.md"].LinesAdded);
        Assert.AreEqual(FileChangeKind.Deleted, byPath["README.md"].Kind);
        Assert.AreEqual("# target\n", byPath["README.md"].Before);
        Assert.IsNull(byPath["README.md"].After);
        StringAssert.Contains(byPath["src/Calc.cs"].After, "Sub");
        StringAssert.Contains(diff.Stat, "3 files changed");
        StringAssert.Contains(diff.Patch, "+public static class Calc");
        Assert.AreEqual(repo.Git("rev-parse", "main"), repo.Git("rev-parse", "HEAD"), "reading the diff does not touch the target");
    }

    [TestMethod]
    public async Task Commit_squashes_the_task_s_work_into_one_commit_with_the_message_and_author()
    {
        using var repo = new TempGitRepository();
        var wt = await repo.Worktrees.CreateAsync(repo.Path_, "task-commit-1", "failing test", Token);
        // The task committed once itself and left more edits uncommitted: the result is still one commit.
        repo.Write("src/Calc.cs", "// step 1\n", wt.Path);
        TempGitRepository.GitIn(wt.Path, "commit", "-qam", "wip by claude");
        repo.Write("src/Extra.cs", "// step 2\n", wt.Path);

        var commit = await repo.Integrator.CommitAsync(wt, new CommitRequest
        {
            TaskId = "task-commit-1", Title = "Fix Calc.Add", CycleId = "cycle-42", Gap = "failing test CalcTests",
            Metrics = [new MetricDelta("tests.failed", 1, 0), new MetricDelta("tests.passed", 10, 11)],
        }, Token);

        Assert.AreEqual("1", TempGitRepository.GitIn(wt.Path, "rev-list", "--count", $"{wt.BaseCommit}..HEAD"));
        var message = TempGitRepository.GitIn(wt.Path, "log", "-1", "--format=%B", commit);
        StringAssert.StartsWith(message, "agent: Fix Calc.Add");
        StringAssert.Contains(message, "Gap: failing test CalcTests");
        StringAssert.Contains(message, "tests.failed: 1 -> 0");
        StringAssert.Contains(message, "Agent-Task: task-commit-1");
        StringAssert.Contains(message, "Agent-Cycle: cycle-42");
        Assert.AreEqual("task-commit-1", TempGitRepository.GitIn(wt.Path, "log", "-1", "--format=%(trailers:key=Agent-Task,valueonly)", commit).Trim());
        Assert.AreEqual("Agent Bot <bot@agent.test>", TempGitRepository.GitIn(wt.Path, "log", "-1", "--format=%an <%ae>", commit));
        Assert.AreEqual("A\tsrc/Extra.cs\nM\tsrc/Calc.cs", string.Join('\n', TempGitRepository.GitIn(wt.Path, "show", "--format=", "--name-status", commit).Split('\n').Order()));
    }

    [TestMethod]
    public async Task Commit_with_no_change_is_refused()
    {
        using var repo = new TempGitRepository();
        var wt = await repo.Worktrees.CreateAsync(repo.Path_, "task-empty", "nothing", Token);
        var e = await Assert.ThrowsExactlyAsync<SelfModificationException>(() => repo.Integrator.CommitAsync(wt, new CommitRequest { TaskId = "task-empty", Title = "x" }, Token));
        StringAssert.Contains(e.Message, "nothing to commit");
    }

    [TestMethod]
    public async Task Merge_fast_forwards_main_once_and_a_second_merge_finds_the_trailer()
    {
        using var repo = new TempGitRepository();
        var before = repo.Git("rev-parse", "main");
        var wt = await repo.Worktrees.CreateAsync(repo.Path_, "task-merge-1", "gap", Token);
        repo.Write("src/Calc.cs", "// merged\n", wt.Path);
        var commit = await repo.Integrator.CommitAsync(wt, new CommitRequest { TaskId = "task-merge-1", Title = "change calc" }, Token);

        var first = await repo.Integrator.MergeAsync(wt, Token);
        var second = await repo.Integrator.MergeAsync(wt, Token);

        Assert.AreEqual(new MergeResult(MergeOutcome.Merged, commit), first);
        Assert.AreEqual(MergeOutcome.AlreadyMerged, second.Outcome);
        Assert.AreEqual(commit, second.Commit);
        Assert.AreEqual(commit, repo.Git("rev-parse", "main"));
        Assert.AreEqual(before, repo.Git("rev-parse", "main~1"), "exactly one commit was added");
        Assert.AreEqual("// merged\n", repo.Read("src/Calc.cs"), "the checked-out main moved with its files");
        Assert.AreEqual("", repo.Git("status", "--porcelain"));
    }

    [TestMethod]
    public async Task Merge_rebases_when_main_moved_on_and_reports_a_conflict_without_touching_main()
    {
        using var repo = new TempGitRepository();
        var clean = await repo.Worktrees.CreateAsync(repo.Path_, "task-clean", "docs", Token);
        var clash = await repo.Worktrees.CreateAsync(repo.Path_, "task-clash", "calc", Token);
        repo.Write("docs/a.md", "a\n", clean.Path);
        repo.Write("src/Calc.cs", "// from the task\n", clash.Path);
        await repo.Integrator.CommitAsync(clean, new CommitRequest { TaskId = "task-clean", Title = "docs" }, Token);
        await repo.Integrator.CommitAsync(clash, new CommitRequest { TaskId = "task-clash", Title = "calc" }, Token);
        repo.Write("src/Calc.cs", "// a human changed main meanwhile\n");
        repo.Git("commit", "-qam", "human edit");
        var humanTip = repo.Git("rev-parse", "main");

        var conflict = await repo.Integrator.MergeAsync(clash, Token);
        Assert.AreEqual(MergeOutcome.Conflict, conflict.Outcome);
        Assert.AreEqual(humanTip, repo.Git("rev-parse", "main"));
        Assert.AreEqual("", repo.Git("status", "--porcelain"), "main's checkout is untouched");

        var merged = await repo.Integrator.MergeAsync(clean, Token);
        Assert.AreEqual(MergeOutcome.Merged, merged.Outcome);
        Assert.AreEqual(humanTip, repo.Git("rev-parse", "main~1"), "rebased onto the human's commit, linear history");
        Assert.AreEqual("a\n", repo.Read("docs/a.md"));
    }

    [TestMethod]
    public async Task Merge_into_a_branch_that_is_not_checked_out_moves_only_the_ref()
    {
        using var repo = new TempGitRepository();
        var wt = await repo.Worktrees.CreateAsync(repo.Path_, "task-ref", "gap", Token);
        repo.Git("checkout", "-q", "-b", "feature");
        repo.Write("docs/b.md", "b\n", wt.Path);
        var commit = await repo.Integrator.CommitAsync(wt, new CommitRequest { TaskId = "task-ref", Title = "b" }, Token);

        Assert.AreEqual(MergeOutcome.Merged, (await repo.Integrator.MergeAsync(wt, Token)).Outcome);
        Assert.AreEqual(commit, repo.Git("rev-parse", "main"));
        Assert.AreEqual("feature", repo.Git("symbolic-ref", "--short", "HEAD"));
        Assert.IsFalse(File.Exists(Path.Combine(repo.Path_, "docs/b.md")), "the feature checkout is not touched");
    }

    [TestMethod]
    public async Task Discard_removes_worktree_and_branch_and_can_be_repeated()
    {
        using var repo = new TempGitRepository();
        var main = repo.Git("rev-parse", "main");
        var wt = await repo.Worktrees.CreateAsync(repo.Path_, "task-discard", "gap", Token);
        repo.Write("src/Calc.cs", "// bad\n", wt.Path);
        await repo.Integrator.CommitAsync(wt, new CommitRequest { TaskId = "task-discard", Title = "bad" }, Token);

        await repo.Worktrees.DiscardAsync(wt, Token);
        await repo.Worktrees.DiscardAsync(wt, Token);

        Assert.IsFalse(Directory.Exists(wt.Path));
        Assert.AreEqual("", repo.Git("branch", "--list", wt.Branch));
        Assert.AreEqual(main, repo.Git("rev-parse", "main"));
        Assert.AreEqual(1, repo.Git("worktree", "list").Split('\n').Length);
    }

    [TestMethod]
    public async Task Revert_of_a_merged_commit_adds_one_revert_commit_once()
    {
        using var repo = new TempGitRepository();
        var original = repo.Read("src/Calc.cs");
        var wt = await repo.Worktrees.CreateAsync(repo.Path_, "task-revert", "gap", Token);
        repo.Write("src/Calc.cs", "// broke the post-merge check\n", wt.Path);
        var commit = await repo.Integrator.CommitAsync(wt, new CommitRequest { TaskId = "task-revert", Title = "risky" }, Token);
        await repo.Integrator.MergeAsync(wt, Token);
        await repo.Worktrees.DiscardAsync(wt, Token);

        var revert = await repo.Integrator.RevertAsync(repo.Path_, commit, "post-merge tests failed", Token);
        var again = await repo.Integrator.RevertAsync(repo.Path_, commit, "post-merge tests failed", Token);

        Assert.AreEqual(MergeOutcome.Merged, revert.Outcome);
        Assert.AreEqual(new MergeResult(MergeOutcome.AlreadyMerged, revert.Commit), again);
        Assert.AreEqual(original, repo.Read("src/Calc.cs"));
        Assert.AreEqual(revert.Commit, repo.Git("rev-parse", "main"));
        StringAssert.Contains(repo.Git("log", "-1", "--format=%B"), $"Agent-Revert-Of: {commit}");
        Assert.AreEqual("", repo.Git("branch", "--list", "agent/*"), "the revert's worktree branch is gone");
    }

    [TestMethod]
    public async Task Cleanup_on_start_removes_what_a_crash_left_except_the_tasks_to_keep_and_is_idempotent()
    {
        using var repo = new TempGitRepository();
        var stale = await repo.Worktrees.CreateAsync(repo.Path_, "stale-task-1", "old gap", Token);
        var keep = await repo.Worktrees.CreateAsync(repo.Path_, "live-task-2", "live gap", Token);
        repo.Git("branch", "agent/orphan-deadbeef");
        // A crash between creating the folder and registering the worktree.
        Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(stale.Path)!, "half-made-12345678"));
        repo.Write("x.txt", "dirty", stale.Path);

        var removed = await repo.Worktrees.CleanupStaleAsync(repo.Path_, ["live-task-2"], Token);
        var second = await repo.Worktrees.CleanupStaleAsync(repo.Path_, ["live-task-2"], Token);

        CollectionAssert.AreEquivalent(new[] { stale.Branch, "agent/orphan-deadbeef" }, removed.ToList());
        Assert.AreEqual(0, second.Count);
        Assert.IsFalse(Directory.Exists(stale.Path));
        Assert.IsTrue(Directory.Exists(keep.Path));
        Assert.IsFalse(Directory.Exists(Path.Combine(Path.GetDirectoryName(stale.Path)!, "half-made-12345678")));
        Assert.AreEqual(keep.Branch, repo.Git("branch", "--list", "agent/*", "--format=%(refname:short)"));
    }

    [TestMethod]
    public async Task A_target_that_is_not_a_git_repository_is_a_clear_error_and_nothing_is_created()
    {
        using var repo = new TempGitRepository();
        var plain = Path.Combine(repo.Root, "plain");
        Directory.CreateDirectory(plain);

        var e = await Assert.ThrowsExactlyAsync<NotAGitRepositoryException>(() => repo.Worktrees.CreateAsync(plain, "t1", "gap", Token));
        StringAssert.Contains(e.Message, plain);
        StringAssert.Contains(e.Message, "git init");
        await Assert.ThrowsExactlyAsync<NotAGitRepositoryException>(() => repo.Worktrees.CreateAsync(Path.Combine(repo.Root, "missing"), "t1", "gap", Token));
        Assert.IsFalse(Directory.Exists(repo.Options.WorktreeRoot));
        Assert.AreEqual(0, Directory.GetFileSystemEntries(plain).Length);
    }
}
