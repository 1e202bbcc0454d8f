using Agent.Activities.SelfModification;

namespace Agent.Activities.Tests.SelfModification;

[TestClass]
public sealed class InheritedBuildConfigurationTests
{
    private static string NewRoot() => TempFolder.Create("agent-inherited");

    private static string Touch(string folder, string name)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, "{}");
        return path;
    }

    [TestMethod]
    public void A_checkout_beside_the_target_sees_what_the_target_sees()
    {
        var root = NewRoot();
        try
        {
            var nuget = Touch(root, "NuGet.config");
            var target = Directory.CreateDirectory(Path.Combine(root, "src", "lib")).FullName;
            var beside = Path.Combine(root, "src", TaskWorktrees.BesideFolder, "lib-1234", "task");

            Assert.IsNull(InheritedBuildConfiguration.WhyNotLike(target, beside));
            CollectionAssert.Contains(InheritedBuildConfiguration.Above(target, new HashSet<string>()).ToList(), nuget);
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    [TestMethod]
    public void A_checkout_under_a_foreign_global_json_is_refused_naming_the_file()
    {
        var root = NewRoot();
        try
        {
            var agent = Path.Combine(root, "agent");
            var foreign = Touch(agent, "global.json");
            var target = Directory.CreateDirectory(Path.Combine(root, "work", "lib")).FullName;

            var why = InheritedBuildConfiguration.WhyNotLike(target, Path.Combine(agent, ".data", "worktrees", "lib", "task"));

            Assert.AreEqual($"'{foreign}' applies to a checkout at '{Path.Combine(agent, ".data", "worktrees", "lib", "task")}' but not to '{target}' itself", why);
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    [TestMethod]
    public void A_target_s_own_global_json_hides_the_ones_above_but_merged_files_always_count()
    {
        var root = NewRoot();
        try
        {
            var agent = Path.Combine(root, "agent");
            Touch(agent, "global.json");
            var target = Path.Combine(root, "work", "lib");
            Touch(target, "global.json");
            Assert.IsNull(InheritedBuildConfiguration.WhyNotLike(target, Path.Combine(agent, "worktrees", "lib", "task")), "the target brings its own global.json");

            var editorconfig = Touch(agent, ".editorconfig");
            StringAssert.Contains(InheritedBuildConfiguration.WhyNotLike(target, Path.Combine(agent, "worktrees", "lib", "task")), editorconfig);
            var modules = Directory.CreateDirectory(Path.Combine(root, "work", "node_modules")).FullName;
            StringAssert.Contains(InheritedBuildConfiguration.WhyNotLike(target, Path.Combine(root, "elsewhere", "task")), modules, "node resolves modules from every folder above");
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    [TestMethod]
    public async Task Worktrees_go_beside_the_target_by_default_and_a_root_with_other_build_configuration_is_refused_before_anything_is_made()
    {
        using var repo = new TempGitRepository();
        var beside = new TaskWorktrees(new GitRepository(new GitCli(TimeSpan.FromMinutes(1))), Microsoft.Extensions.Options.Options.Create(Options("")));
        var made = await beside.CreateAsync(repo.Path_, "task-beside-1", "failing test", TestContext.CancellationToken);
        StringAssert.StartsWith(made.Path, Path.Combine(repo.Root, TaskWorktrees.BesideFolder));
        Assert.IsNull(beside.WhyNotPlaceable(repo.Path_));

        var foreign = Path.Combine(repo.Root, "agent-home");
        Touch(foreign, "Directory.Build.props");
        var inside = new TaskWorktrees(new GitRepository(new GitCli(TimeSpan.FromMinutes(1))), Microsoft.Extensions.Options.Options.Create(Options(Path.Combine(foreign, "worktrees"))));
        var refused = await Assert.ThrowsExactlyAsync<SelfModificationException>(() => inside.CreateAsync(repo.Path_, "task-inside-1", "failing test", TestContext.CancellationToken));
        StringAssert.Contains(refused.Message, Path.Combine(foreign, "Directory.Build.props"));
        StringAssert.Contains(inside.WhyNotPlaceable(repo.Path_), "Directory.Build.props");
        Assert.IsFalse(Directory.Exists(Path.Combine(foreign, "worktrees")), "nothing was created");
        Assert.AreEqual("agent/failing-test-taskbesi", repo.Git("branch", "--list", "--format=%(refname:short)", "agent/*").Trim(), "only the first worktree's branch exists");
    }

    [TestMethod]
    public async Task A_throwaway_checkout_of_a_commit_is_removed_after_use_even_when_the_work_fails()
    {
        using var repo = new TempGitRepository();
        var worktrees = new TaskWorktrees(new GitRepository(new GitCli(TimeSpan.FromMinutes(1))), Microsoft.Extensions.Options.Options.Create(repo.Options));
        var head = repo.Git("rev-parse", "HEAD").Trim();
        string? seen = null;

        var read = await worktrees.InCheckoutAsync(repo.Path_, "cycle-1234", "baseline", head, path =>
        {
            seen = path;
            return Task.FromResult(File.ReadAllText(Path.Combine(path, "src", "Calc.cs")));
        }, TestContext.CancellationToken);
        await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => worktrees.InCheckoutAsync<int>(repo.Path_, "cycle-1234", "baseline", head,
            _ => throw new InvalidOperationException("measurement failed"), TestContext.CancellationToken));

        Assert.AreEqual(repo.Read("src/Calc.cs"), read);
        Assert.IsFalse(Directory.Exists(seen), "the checkout is gone");
        Assert.AreEqual(1, repo.Git("worktree", "list").Trim().Split('\n').Length, "git knows only the target itself");
    }

    private static SelfModificationOptions Options(string worktreeRoot) => new() { WorktreeRoot = worktreeRoot, AuthorName = "Agent Bot", AuthorEmail = "bot@agent.test" };

    public TestContext TestContext { get; set; } = null!;
}
