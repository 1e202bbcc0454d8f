using System.Text.Json;
using Agent.Activities.Coordination.Detection;
using Agent.Activities.Coordination.Distribution;

namespace Agent.Activities.Tests.Coordination.Detection;

/// <summary>The work queue as the hosted sweep's workspace source, over real git worktrees.</summary>
[TestClass]
[TestCategory("Slow")]
public sealed class TaskQueueWorkspacesTests
{
    private string _folder = null!;

    public TestContext TestContext { get; set; } = null!;

    [TestInitialize]
    public void CreateFolder() => _folder = TempFolder.Create("agent-detection-workspaces");

    [TestCleanup]
    public void DeleteFolder() => TempFolder.Delete(_folder);

    [TestMethod]
    public async Task Leased_tasks_naming_checkouts_are_workspaces_and_everything_else_is_left_out()
    {
        var git = new GitScenario(_folder);
        var (a, b, c) = (git.Worktree("agent-a"), git.Worktree("agent-b"), git.Worktree("agent-c"));
        var main = TestGit.Run(git.Repository, "rev-parse", "main").Trim();
        GitScenario.CommitEdit(b, "README.md", "# calc", "# calc (b)", "b works");
        var notGit = Directory.CreateDirectory(Path.Combine(_folder, "plain")).FullName;
        await using var host = await DetectionHost.OpenAsync(_folder);
        foreach (var agent in new[] { "agent-a", "agent-b", "agent-c", "agent-d", "agent-e" }) await host.Agents.RegisterAsync(agent, "implementer", "idle");
        var queue = host.Get<TaskQueue>();
        await queue.EnqueueAsync(
        [
            Draft("t-a", new { worktree = a, baseCommit = "main" }),
            Draft("t-b", new { cwd = Path.Combine(b, "src"), targetBranch = "main" }),
            Draft("t-c", new { worktree = new { path = c, baseCommit = main } }),
            Draft("t-d", new { cwd = notGit }),
            Draft("t-e", new { prompt = "no folder at all" }),
            Draft("t-queued", new { cwd = a }),
        ]);
        foreach (var (agent, task) in new[] { ("agent-a", "t-a"), ("agent-b", "t-b"), ("agent-c", "t-c"), ("agent-d", "t-d"), ("agent-e", "t-e") })
            Assert.AreEqual(task, (await queue.LeaseAsync(agent))!.Id);

        var workspaces = (await host.Get<IAgentWorkspaceSource>().ListAsync(CancellationToken.None)).OrderBy(w => w.AgentId).ToList();

        Assert.IsInstanceOfType<TaskQueueWorkspaces>(host.Get<IAgentWorkspaceSource>(), "the queue's source replaces the empty one");
        CollectionAssert.AreEqual(new[] { "agent-a", "agent-b", "agent-c" }, workspaces.Select(w => w.AgentId).ToArray(), "a plain folder, no folder and a queued task are no workspaces");
        Assert.AreEqual(new AgentWorkspace("agent-a", "t-a", Path.GetFullPath(a), "main", "worker-agent-a"), workspaces[0]);
        Assert.AreEqual(Path.GetFullPath(b), workspaces[1].WorktreePath, "a cwd inside a checkout is its top level");
        Assert.AreEqual(main, workspaces[1].BaseRevision, "the merge-base with the payload's targetBranch");
        Assert.AreEqual(main, workspaces[2].BaseRevision, "an Agent.CreateWorktree output's baseCommit");
    }

    [TestMethod]
    public async Task A_task_worktree_the_worker_created_is_found_by_its_branch_with_the_merge_base()
    {
        var git = new GitScenario(_folder);
        var main = TestGit.Run(git.Repository, "rev-parse", "main").Trim();
        var worktree = Path.Combine(_folder, "worktrees", "fix-1");
        TestGit.Run(git.Repository, "worktree", "add", "-q", "-b", "agent/fix-the-adder-task0042", worktree, "main");
        GitScenario.CommitEdit(worktree, "src/Calc.cs", "a + b", "b + a", "swap");
        GitScenario.CommitEdit(git.Repository, "README.md", "# calc", "# calc!", "main moves on");
        await using var host = await DetectionHost.OpenAsync(_folder);
        await host.Agents.RegisterAsync("impl-1", "implementer", "idle");
        var queue = host.Get<TaskQueue>();
        await queue.EnqueueAsync([Draft("task-0042", new { targetRepository = git.Repository, title = "fix the adder" })]);
        await queue.LeaseAsync("impl-1");

        var workspace = (await host.Get<IAgentWorkspaceSource>().ListAsync(CancellationToken.None)).Single();

        Assert.AreEqual(new AgentWorkspace("impl-1", "task-0042", Path.GetFullPath(worktree), main, "worker-impl-1"), workspace);
    }

    [TestMethod]
    public async Task The_hosted_sweeps_source_feeds_duplicate_work_detection()
    {
        var git = new GitScenario(_folder);
        var (a, b) = (git.Worktree("agent-a"), git.Worktree("agent-b"));
        GitScenario.CommitEdit(a, "src/Calc.cs", "a + b", "b + a", "a: swap");
        GitScenario.Edit(b, "src/Calc.cs", "a + b", "checked(a + b)");
        await using var host = await DetectionHost.OpenAsync(_folder);
        await host.Agents.RegisterAsync("agent-a", "implementer", "working");
        await host.Agents.RegisterAsync("agent-b", "implementer", "working");
        var queue = host.Get<TaskQueue>();
        await queue.EnqueueAsync([Draft("t-a", new { cwd = a, baseCommit = "main" }), Draft("t-b", new { cwd = b })]);
        await queue.LeaseAsync("agent-a");
        await queue.LeaseAsync("agent-b");

        var result = await host.Sweep.RunAsync(await host.Get<IAgentWorkspaceSource>().ListAsync(CancellationToken.None), CancellationToken.None);

        var incident = result.Raised.Single(i => i.Detector == DetectorNames.DuplicateWork);
        CollectionAssert.AreEqual(new[] { "agent-a", "agent-b" }, incident.Agents.ToArray());
        StringAssert.Contains(incident.Evidence, "src/Calc.cs");
        Assert.IsTrue(result.Paused);
    }

    private static TaskDraft Draft(string id, object payload) =>
        new() { Id = id, Kind = "subtask", Role = "implementer", Payload = JsonSerializer.Serialize(payload) };
}
