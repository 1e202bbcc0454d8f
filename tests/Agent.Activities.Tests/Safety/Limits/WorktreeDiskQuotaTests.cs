using Agent.Activities.Assessment;
using Agent.Activities.Safety.Events;
using Agent.Activities.Safety.Limits;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Tests.Safety.Limits;

/// <summary>The worktree disk quota on real folders.</summary>
[TestClass]
public sealed class WorktreeDiskQuotaTests
{
    private string _folder = null!;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestInitialize]
    public void Init() => _folder = TempFolder.Create("agent-disk-tests");

    [TestCleanup]
    public void Cleanup() => TempFolder.Delete(_folder);

    private static ResourceLimiter Limiter(long mib, RecordingSafetySink sink) =>
        new(Options.Create(new ResourceLimitOptions { WorktreeDiskMiB = mib }), new LimitMechanismProbe(), sink);

    private void WriteFile(string relative, int mib)
    {
        var path = Path.Combine(_folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, new byte[mib * 1024 * 1024]);
    }

    [TestMethod]
    public async Task A_worktree_over_its_quota_is_a_disk_breach_and_an_incident_while_the_shared_git_folder_is_not_counted()
    {
        WriteFile(".git/objects/pack/big.pack", 5);
        WriteFile("src/a.bin", 1);
        var sink = new RecordingSafetySink();
        var limiter = Limiter(2, sink);

        Assert.IsNull(await limiter.CheckDiskAsync(_folder, "before test run", Token), ".git is shared and not counted");
        WriteFile("src/nested/deeper/b.bin", 2);
        var breach = await limiter.CheckDiskAsync(_folder, "after claude run", Token);

        Assert.AreEqual(LimitNames.Disk, breach?.Limit);
        StringAssert.StartsWith(breach!.Message, "disk limit 2 MiB exceeded (");
        var incident = sink.Events.Single();
        Assert.AreEqual(SafetyEventKinds.LimitBreached, incident.Kind);
        Assert.AreEqual("disk", incident.Data["limit"]);
        Assert.AreEqual("after claude run", incident.Data["command"]);
    }

    [TestMethod]
    public async Task The_walk_does_not_follow_symbolic_links_out_of_the_worktree()
    {
        var outside = TempFolder.Create("agent-disk-outside");
        try
        {
            File.WriteAllBytes(Path.Combine(outside, "huge.bin"), new byte[4 * 1024 * 1024]);
            Directory.CreateSymbolicLink(Path.Combine(_folder, "link"), outside);

            var used = await new WorktreeDiskMeter().MeasureAsync(_folder, long.MaxValue, Token);

            Assert.AreEqual(0, used);
        }
        finally
        {
            TempFolder.Delete(outside);
        }
    }

    [TestMethod]
    public async Task A_test_run_in_a_worktree_already_over_quota_is_not_started()
    {
        WriteFile("node_modules/blob.bin", 3);
        var sink = new RecordingSafetySink();
        var runner = new CommandRunner(Limiter(1, sink));
        var marker = Path.Combine(_folder, "ran.txt");

        var outcome = await runner.RunAsync(new CommandSpec("touch", [marker], _folder, TimeSpan.FromSeconds(10)) { Kind = ProcessKind.Test }, Token);

        Assert.AreEqual(LimitNames.Disk, outcome.Breach?.Limit);
        Assert.IsFalse(File.Exists(marker), "the command must not run");
        Assert.HasCount(1, sink.Events);
    }
}
