using Agent.Activities.Cluster;
using Agent.Workflows.Runtime;

namespace Agent.Activities.Tests.Cluster;

/// <summary>One cycle per target at a time: the target's lock is held by the cycle's run and let go when the run ends.</summary>
[TestClass]
public sealed class CycleTargetLocksTests
{
    private string _folder = null!;

    public TestContext TestContext { get; set; } = null!;

    [TestInitialize]
    public void CreateFolder() => _folder = TempFolder.Create("agent-cycle-target-locks");

    [TestCleanup]
    public void DeleteFolder() => TempFolder.Delete(_folder);

    [TestMethod]
    public async Task A_second_cycle_on_a_target_is_refused_while_the_first_runs_and_allowed_after_its_run_ended()
    {
        // Two processes on one machine: two services on one lock folder.
        var here = new CycleTargetLocks(new FileAgentLocks(_folder));
        var there = new CycleTargetLocks(new FileAgentLocks(_folder));
        var token = TestContext.CancellationToken;

        Assert.IsNull(await here.TryHoldAsync("/work/repo", "cycle-1", token));
        Assert.IsNull(await here.TryHoldAsync("/work/repo", "cycle-1", token), "asking again for the same cycle is allowed");
        var refused = await there.TryHoldAsync("/work/repo/", "cycle-2", token);
        Assert.IsNotNull(refused);
        StringAssert.Contains(refused, "another cycle is running on /work/repo/");
        Assert.IsNull(await there.TryHoldAsync("/work/other", "cycle-3", token), "another target is free");

        await here.RunEndedAsync(new WorkflowInstance { Id = "unrelated" }, token);
        Assert.IsNotNull(await there.TryHoldAsync("/work/repo", "cycle-2", token), "another instance's end releases nothing");
        await here.RunEndedAsync(new WorkflowInstance { Id = "cycle-1" }, token);
        Assert.AreEqual(0, here.HeldCount);
        Assert.IsNull(await there.TryHoldAsync("/work/repo", "cycle-2", token));
        Assert.AreEqual(2, there.HeldCount);
    }
}
