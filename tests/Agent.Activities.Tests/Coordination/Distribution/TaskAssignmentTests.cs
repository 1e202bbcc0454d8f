using Agent.Testing.Postgres;
using Agent.Activities.Coordination.Distribution;
using Agent.Activities.Coordination.Messaging;
using Agent.Activities.Discovery.Persistence;

namespace Agent.Activities.Tests.Coordination.Distribution;

/// <summary>Who gets which task: role, capabilities, load and waiting time, for the pull and the push.</summary>
public abstract class TaskAssignmentTests : CoordinationProviderTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 8, 0, 0, TimeSpan.Zero);
    private string _folder = null!;
    private ManualClock _clock = null!;

    [TestInitialize]
    public void CreateFolder()
    {
        _folder = TempFolder.Create("agent-task-assign-tests");
        _clock = new ManualClock(Start);
    }

    [TestCleanup]
    public void DeleteFolder() => TempFolder.Delete(_folder);

    [TestMethod]
    public async Task A_pull_takes_the_oldest_task_of_the_agents_role_whose_capabilities_it_has()
    {
        await using var host = await DistributionHost.OpenAsync(_folder, _clock, Settings());
        await host.RegisterAsync(("impl-1", "implementer"), ("impl-git", "implementer"), ("rev-1", "reviewer"));
        await host.Capabilities.SetAsync("impl-git", ["git", "dotnet"]);
        await host.EnqueueAsync("review-1", "reviewer");
        await host.EnqueueAsync("needs-git", "implementer", ["git"]);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await host.EnqueueAsync("plain-1", "implementer");
        await host.EnqueueAsync("needs-role-only", "implementer", ["implementer"]);

        Assert.AreEqual("plain-1", (await host.Queue.LeaseAsync("impl-1"))!.Id, "the older task wants git, which impl-1 lacks");
        Assert.AreEqual("needs-role-only", (await host.Queue.LeaseAsync("impl-1"))!.Id, "the role is a capability");
        Assert.IsNull(await host.Queue.LeaseAsync("impl-1"), "only the git task is left, and the reviewer's");
        var git = (await host.Queue.LeaseAsync("impl-git"))!;
        Assert.AreEqual("needs-git", git.Id);
        Assert.AreEqual(TaskStatuses.Leased, git.Status);
        Assert.AreEqual("impl-git", git.LeaseOwner);
        Assert.AreEqual(Start + TimeSpan.FromSeconds(1) + TimeSpan.FromMinutes(1), git.LeaseExpiresAt, "leased at Start + 1 s, for LeaseTimeout");
        Assert.AreEqual(1, git.Attempts);
        Assert.AreEqual("review-1", (await host.Queue.LeaseAsync("rev-1"))!.Id);
    }

    [TestMethod]
    public async Task A_push_gives_the_task_to_the_least_loaded_capable_agent_and_ties_to_the_one_waiting_longest()
    {
        await using var host = await DistributionHost.OpenAsync(_folder, _clock, Settings());
        await host.RegisterAsync(("a", "implementer"), ("b", "implementer"), ("c", "implementer"), ("gone", "implementer"), ("r", "reviewer"));
        await host.Agents.SetStatusAsync("gone", AgentStatuses.Stopped);
        await host.Capabilities.SetAsync("c", ["gpu"]);
        foreach (var id in new[] { "t1", "t2", "t3", "t4" }) await host.EnqueueAsync(id, "implementer");
        await host.EnqueueAsync("t-gpu", "implementer", ["gpu"]);
        await host.EnqueueAsync("t-quantum", "implementer", ["quantum"]);

        // All three idle and never leased: the tie goes by registration time, then id (all registered at Start): a.
        Assert.AreEqual("a", (await host.Queue.AssignAsync("t1"))!.LeaseOwner);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.AreEqual("b", (await host.Queue.AssignAsync("t2"))!.LeaseOwner, "a holds one lease, b and c none: b is first by id");
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.AreEqual("c", (await host.Queue.AssignAsync("t3"))!.LeaseOwner, "c is the only one without a lease");
        _clock.Advance(TimeSpan.FromSeconds(1));
        await host.Queue.CompleteAsync("t2", "b", "{}");
        Assert.AreEqual("b", (await host.Queue.AssignAsync("t4"))!.LeaseOwner, "b finished its task: fewest live leases");
        // Now a, b, c hold one each; only c has gpu, whatever its load.
        Assert.AreEqual("c", (await host.Queue.AssignAsync("t-gpu"))!.LeaseOwner);
        Assert.IsNull(await host.Queue.AssignAsync("t-quantum"), "no agent has the capability");
        Assert.AreEqual(TaskStatuses.Queued, (await host.Queue.GetAsync("t-quantum")).Status);
        Assert.AreEqual(0, host.Scalar("SELECT COUNT(*) FROM tasks WHERE lease_owner IN ('gone', 'r')"), "stopped agents and other roles get nothing");
        await Assert.ThrowsExactlyAsync<TaskStateException>(() => host.Queue.AssignAsync("t1"));
    }

    [TestMethod]
    public async Task Ties_in_load_go_to_the_agent_whose_last_lease_is_oldest()
    {
        await using var host = await DistributionHost.OpenAsync(_folder, _clock, Settings());
        await host.RegisterAsync(("a", "implementer"), ("b", "implementer"));
        foreach (var id in new[] { "t1", "t2", "t3" }) await host.EnqueueAsync(id, "implementer");
        Assert.AreEqual("a", (await host.Queue.AssignAsync("t1"))!.LeaseOwner);
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.AreEqual("b", (await host.Queue.AssignAsync("t2"))!.LeaseOwner);
        await host.Queue.CompleteAsync("t2", "b", "{}");
        await host.Queue.CompleteAsync("t1", "a", "{}");
        Assert.AreEqual("a", (await host.Queue.AssignAsync("t3"))!.LeaseOwner, "both are idle; a's last lease is 5 s older than b's");
    }

    [TestMethod]
    public async Task A_pushed_task_is_what_its_agent_takes_next_by_pull()
    {
        await using var host = await DistributionHost.OpenAsync(_folder, _clock, Settings());
        await host.RegisterAsync(("a", "implementer"));
        await host.EnqueueAsync("older", "implementer");
        await host.EnqueueAsync("pushed", "implementer");
        await host.Queue.AssignAsync("pushed");
        Assert.AreEqual("pushed", (await host.Queue.LeaseAsync("a"))!.Id);
        Assert.AreEqual("older", (await host.Queue.LeaseAsync("a"))!.Id);
        Assert.AreEqual(1, (await host.Queue.GetAsync("pushed")).Attempts, "taking a pushed lease is not a second attempt");
    }

    [TestMethod]
    public async Task Capabilities_come_from_discovery_when_it_has_data_else_the_role_is_the_only_one()
    {
        await using var host = await DistributionHost.OpenAsync(_folder, _clock, Settings());
        await host.RegisterAsync(("res-1", "researcher"));
        var none = await host.Capabilities.AssignDiscoveredAsync("res-1", []);
        CollectionAssert.AreEqual(Array.Empty<string>(), none.Extra.ToArray());
        Assert.IsTrue(none.Covers(["researcher"]));
        Assert.IsFalse(none.Covers(["web-search"]));

        var tools = new[]
        {
            new MappedTool("search", "web_search", null, ["web-search", "network"], Start, Start),
            new MappedTool("git", "git_log", null, ["git", "network"], Start, Start),
        };
        var found = await host.Capabilities.AssignDiscoveredAsync("res-1", tools);
        CollectionAssert.AreEqual(new[] { "git", "network", "web-search" }, found.Extra.ToArray());
        Assert.AreEqual(AgentCapabilities.Discovery, found.Source);
        await host.EnqueueAsync("look-up", "researcher", ["web-search"]);
        Assert.AreEqual("look-up", (await host.Queue.LeaseAsync("res-1"))!.Id);
        await Assert.ThrowsExactlyAsync<UnknownAgentException>(() => host.Capabilities.SetAsync("nobody", ["git"]));
        await Assert.ThrowsExactlyAsync<InvalidTaskException>(() => host.Capabilities.SetAsync("res-1", ["no spaces"]));
        Assert.AreEqual(AgentCapabilities.Discovery, (await host.Capabilities.GetAsync("res-1")).Source, "the bad set changed nothing");
    }
}

[TestClass]
public sealed class SqliteTaskAssignmentTests : TaskAssignmentTests
{
}

[TestClass]
public sealed class PostgresTaskAssignmentTests : TaskAssignmentTests
{
    private static PostgresServer? s_server;

    [ClassInitialize]
    public static async Task StartServerAsync(TestContext context) => s_server = await PostgresServer.StartAsync(context.CancellationToken);

    [ClassCleanup]
    public static async Task StopServerAsync()
    {
        if (s_server is not null) await s_server.DisposeAsync();
    }

    private protected override PostgresServer? Server => s_server;
}
