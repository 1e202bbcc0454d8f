using Agent.Activities.Cluster;
using Agent.Workflows.Cluster;

namespace Agent.Activities.Tests.Cluster;

/// <summary>The lock files of one machine (SQLite mode), in one process.</summary>
[TestClass]
public sealed class AgentLocksTests
{
    private string _folder = null!;

    public TestContext TestContext { get; set; } = null!;

    [TestInitialize]
    public void CreateFolder() => _folder = TempFolder.Create("agent-locks-tests");

    [TestCleanup]
    public void DeleteFolder() => TempFolder.Delete(_folder);

    [TestMethod]
    public async Task A_held_file_lock_excludes_other_threads_until_released_and_then_is_taken_by_a_waiter()
    {
        var locks = new FileAgentLocks(Path.Combine(_folder, "locks"));
        Assert.IsFalse(locks.SpansReplicas);
        var first = await locks.TryAcquireAsync(AgentLockNames.ScheduleSync, TestContext.CancellationToken);
        Assert.IsNotNull(first);
        Assert.IsNull(await locks.TryAcquireAsync(AgentLockNames.ScheduleSync, TestContext.CancellationToken));
        // Read as a person would (cat): .NET's own reads take a shared flock, which the holder's exclusive one refuses.
        using var cat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("cat", locks.PathOf(AgentLockNames.ScheduleSync)) { RedirectStandardOutput = true })!;
        var content = await cat.StandardOutput.ReadToEndAsync(TestContext.CancellationToken);
        Assert.AreEqual($"{Environment.ProcessId} {AgentLockNames.ScheduleSync}", content.Trim(), "the file names its holder");

        var waiter = locks.AcquireAsync(AgentLockNames.ScheduleSync, TimeSpan.FromSeconds(10), TestContext.CancellationToken);
        await Task.Delay(100, TestContext.CancellationToken);
        Assert.IsFalse(waiter.IsCompleted, "the waiter waits while the lock is held");
        await first.DisposeAsync();
        await using var second = await waiter;
        Assert.IsNotNull(second);
    }

    [TestMethod]
    public async Task Waiting_for_a_held_file_lock_times_out_with_the_lock_named_and_can_be_cancelled()
    {
        var locks = new FileAgentLocks(Path.Combine(_folder, "locks"));
        await using var held = await locks.AcquireAsync("cycle-target:/repo");
        var timeout = await Assert.ThrowsExactlyAsync<TimeoutException>(() => locks.AcquireAsync("cycle-target:/repo", TimeSpan.FromMilliseconds(50)));
        StringAssert.Contains(timeout.Message, "cycle-target:/repo");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAsync<OperationCanceledException>(() => locks.AcquireAsync("cycle-target:/repo", null, cancel.Token));
    }

    [TestMethod]
    public void Lock_names_are_stable_and_a_target_with_or_without_a_trailing_slash_is_one_lock()
    {
        Assert.AreEqual("instance:abc", AgentLockNames.Instance("abc"));
        Assert.AreEqual(AgentLockNames.CycleTarget("/src/repo"), AgentLockNames.CycleTarget("/src/repo/"));
        var locks = new FileAgentLocks(_folder);
        Assert.AreNotEqual(locks.PathOf("a"), locks.PathOf("b"));
        Assert.AreEqual(locks.PathOf("a"), new FileAgentLocks(_folder).PathOf("a"));
    }
}
