using Agent.Activities.SelfModification;
using Agent.Activities.Tests.Cycle;
using Agent.Activities.Tests.SelfModification;
using Agent.Activities.Validation;
using Microsoft.Extensions.Configuration;

namespace Agent.Activities.Tests.Validation;

/// <summary>The post-merge check on a real git repository with node's test runner: when it runs, and what it catches.</summary>
[TestClass]
public sealed class MergedChangeCheckTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task A_change_merged_on_the_commit_it_was_validated_on_is_not_checked_again_when_rebased_only()
    {
        using var repo = NodeRepository();
        await using var services = Services(repo, PostMergeCheckMode.WhenRebased);
        var (worktree, commit) = await MergeAsync(services, repo, "test/more.test.js", Test("more", "1 + 1", "2"));

        var verdict = await services.Get<MergedChangeCheck>().CheckAsync(worktree, commit, null, Token);

        Assert.IsFalse(verdict.Checked);
        Assert.IsTrue(verdict.Passed);
        StringAssert.Contains(verdict.Reason, "the commit it was validated on");
    }

    [TestMethod]
    public async Task Always_measures_the_merged_commit_against_its_parent_and_names_a_test_that_newly_fails()
    {
        using var repo = NodeRepository();
        await using var services = Services(repo, PostMergeCheckMode.Always);
        var (good, goodCommit) = await MergeAsync(services, repo, "test/more.test.js", Test("more", "1 + 1", "2"));
        var passed = await services.Get<MergedChangeCheck>().CheckAsync(good, goodCommit, null, Token);
        var (bad, badCommit) = await MergeAsync(services, repo, "test/base.test.js", Test("base holds", "2 + 2", "5"));

        var failed = await services.Get<MergedChangeCheck>().CheckAsync(bad, badCommit, null, Token);

        Assert.AreEqual((true, true), (passed.Checked, passed.Passed), passed.Reason);
        Assert.AreEqual((true, false), (failed.Checked, failed.Passed), failed.Reason);
        StringAssert.Contains(failed.Regressions.Single(), "base holds");
        Assert.AreEqual("", repo.Git("branch", "--list", "agent/*"), "the check's worktrees are removed");
    }

    [TestMethod]
    public async Task Never_trusts_the_validation()
    {
        using var repo = NodeRepository();
        await using var services = Services(repo, PostMergeCheckMode.Never);
        var (worktree, commit) = await MergeAsync(services, repo, "test/base.test.js", Test("base holds", "2 + 2", "5"));

        var verdict = await services.Get<MergedChangeCheck>().CheckAsync(worktree, commit, null, Token);

        Assert.AreEqual((false, true), (verdict.Checked, verdict.Passed));
    }

    private static TempGitRepository NodeRepository()
    {
        var repo = new TempGitRepository();
        repo.Write("package.json", """{ "name": "check", "version": "1.0.0", "private": true, "scripts": { "test": "node --test" } }""");
        repo.Write("test/base.test.js", Test("base holds", "2 + 2", "4"));
        repo.Git("add", "-A");
        repo.Git("commit", "-q", "-m", "node tests");
        return repo;
    }

    private static string Test(string name, string actual, string expected) =>
        $"const test = require('node:test');\nconst assert = require('node:assert/strict');\ntest('{name}', () => {{ assert.equal({actual}, {expected}); }});\n";

    // The cycle's services plus self-modification and validation, bound as the host binds them.
    private static CycleServices Services(TempGitRepository repo, PostMergeCheckMode mode)
    {
        var settings = new Dictionary<string, string?>
        {
            ["SelfModification:WorktreeRoot"] = repo.Options.WorktreeRoot,
            ["Validation:PostMergeCheck"] = mode.ToString(),
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return CycleServices.Create(settings, services => services
            .AddSelfModification(configuration.GetSection(SelfModificationOptions.SectionName), repo.Root)
            .AddValidationGates(configuration.GetSection(ValidationOptions.SectionName)));
    }

    private async Task<(TaskWorktree Worktree, string Commit)> MergeAsync(CycleServices services, TempGitRepository repo, string file, string content)
    {
        var taskId = Guid.NewGuid().ToString("N");
        var worktree = await services.Get<TaskWorktrees>().CreateAsync(repo.Path_, taskId, "change " + file, Token);
        repo.Write(file, content, worktree.Path);
        var integrator = services.Get<ChangeIntegrator>();
        await integrator.CommitAsync(worktree, new CommitRequest { TaskId = taskId, Title = "Change " + file }, Token);
        var merged = await integrator.MergeAsync(worktree, Token);
        Assert.AreEqual(MergeOutcome.Merged, merged.Outcome, merged.Reason);
        await services.Get<TaskWorktrees>().DiscardAsync(worktree, Token);
        return (worktree, merged.Commit!);
    }
}
