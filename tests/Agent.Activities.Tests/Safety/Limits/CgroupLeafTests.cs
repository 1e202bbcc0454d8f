using System.Diagnostics;
using Agent.Activities.Safety.Limits;

namespace Agent.Activities.Tests.Safety.Limits;

/// <summary>
/// <see cref="CgroupLeaf"/> against a directory laid out like a cgroup: the limits written, the real /bin/sh wrapper, the
/// breach read from memory.events / pids.events, and the cleanup. The kernel side cannot run on a cgroup v1 machine.
/// </summary>
[TestClass]
public sealed class CgroupLeafTests
{
    private string _root = null!;

    public TestContext TestContext { get; set; } = null!;

    [TestInitialize]
    public void Init() => _root = FakeCgroup.DelegatedRoot(Path.Combine(TempFolder.Create("agent-cgroup-leaf"), "root"));

    [TestCleanup]
    public void Cleanup() => TempFolder.Delete(Path.GetDirectoryName(_root)!);

    private static ProcessLimits Limits(double? cores = null) => new() { MemoryMiB = 512, MaxProcesses = 64, CpuCores = cores, CpuTime = TimeSpan.FromMinutes(1) };

    private string Read(CgroupLeaf leaf, string file) => File.ReadAllText(Path.Combine(leaf.Directory, file));

    [TestMethod]
    public async Task Memory_and_pids_limits_are_written_and_cpu_max_only_for_a_rate()
    {
        var leaf = CgroupLeaf.Create(_root, "agent-test-1", Limits(), cpu: true);
        await using var _ = new Remover(leaf);

        Assert.AreEqual(Path.Combine(_root, "agent-test-1"), leaf.Directory);
        Assert.AreEqual("536870912", Read(leaf, "memory.max"));
        Assert.AreEqual("64", Read(leaf, "pids.max"));
        Assert.IsFalse(File.Exists(Path.Combine(leaf.Directory, "cpu.max")), "CPU time stays with prlimit and the watchdog");
        Assert.IsFalse(File.Exists(Path.Combine(leaf.Directory, "memory.swap.max")), "only written where the kernel has it");

        var rated = CgroupLeaf.Create(_root, "agent-test-2", Limits(cores: 1.5), cpu: true);
        await using var __ = new Remover(rated);
        Assert.AreEqual("150000 100000", Read(rated, "cpu.max"));
        var noController = CgroupLeaf.Create(_root, "agent-test-3", Limits(cores: 1.5), cpu: false);
        await using var ___ = new Remover(noController);
        Assert.IsFalse(File.Exists(Path.Combine(noController.Directory, "cpu.max")));
    }

    [TestMethod]
    public async Task Swap_is_closed_and_an_OOM_kill_ends_the_whole_group_where_the_kernel_offers_it()
    {
        // The kernel creates these files with the directory; here they are laid out first.
        FakeCgroup.Create(Path.Combine(_root, "agent-build-1"), ("memory.swap.max", "max\n"), ("memory.oom.group", "0\n"));

        var leaf = CgroupLeaf.Create(_root, "agent-build-1", Limits(), cpu: false);
        await using var _ = new Remover(leaf);

        Assert.AreEqual("0", Read(leaf, "memory.swap.max"));
        Assert.AreEqual("1", Read(leaf, "memory.oom.group"));
    }

    [TestMethod]
    public async Task The_real_shell_writes_its_own_pid_into_cgroup_procs_before_it_execs_the_command_unchanged()
    {
        var leaf = CgroupLeaf.Create(_root, "agent-test-wrap", Limits(), cpu: false);
        await using var _ = new Remover(leaf);
        // The command reads cgroup.procs itself: the pid is there before it runs. Its arguments keep spaces and quotes.
        var (file, arguments) = leaf.Wrap("/bin/sh", ["-c", "cat \"$0/cgroup.procs\"; printf '%s|%s\\n' \"$1\" \"$2\"; echo $$", leaf.Directory, "a b", "it's \"quoted\""]);
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.CancellationToken);
        var error = await process.StandardError.ReadToEndAsync(TestContext.CancellationToken);
        await process.WaitForExitAsync(TestContext.CancellationToken);

        Assert.AreEqual(0, process.ExitCode, error);
        var pid = process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.AreEqual($"{pid}\na b|it's \"quoted\"\n{pid}\n", output, "the pid written is the started process's, and exec kept it");
        Assert.AreEqual($"{pid}\n", Read(leaf, "cgroup.procs"));
    }

    [TestMethod]
    public async Task A_cgroup_the_shell_cannot_join_stops_the_command_with_a_message()
    {
        var leaf = CgroupLeaf.Create(_root, "agent-test-nojoin", Limits(), cpu: false);
        await using var _ = new Remover(leaf);
        Directory.CreateDirectory(Path.Combine(leaf.Directory, "cgroup.procs"));
        var (file, arguments) = leaf.Wrap("/bin/echo", ["ran"]);
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.CancellationToken);
        var error = await process.StandardError.ReadToEndAsync(TestContext.CancellationToken);
        await process.WaitForExitAsync(TestContext.CancellationToken);

        Assert.AreEqual(126, process.ExitCode);
        Assert.AreEqual("", output, "the command never ran outside its cgroup");
        StringAssert.Contains(error, $"agent: could not join the cgroup {leaf.Directory}");
    }

    [TestMethod]
    [DataRow("low 0\nhigh 0\nmax 40\noom 1\noom_kill 1\noom_group_kill 0\n", "", "memory", "memory limit 512 MiB exceeded (the kernel's OOM killer ran in the process's cgroup)")]
    [DataRow("low 0\nhigh 0\nmax 40\noom 0\noom_kill 0\n", "max 7\n", "processes", "process limit 64 reached (fork refused 7 times)")]
    [DataRow("low 0\nhigh 0\nmax 40\noom 0\noom_kill 0\n", "max 0\n", null, null)]
    [DataRow(null, null, null, null)]
    public async Task The_breach_is_read_from_memory_events_and_pids_events(string? memoryEvents, string? pidsEvents, string? limit, string? message)
    {
        var leaf = CgroupLeaf.Create(_root, "agent-test-events", Limits(), cpu: false);
        await using var _ = new Remover(leaf);
        if (memoryEvents is not null) File.WriteAllText(Path.Combine(leaf.Directory, "memory.events"), memoryEvents);
        if (pidsEvents is not null) File.WriteAllText(Path.Combine(leaf.Directory, "pids.events"), pidsEvents);

        var breach = leaf.ReadBreach();

        Assert.AreEqual(limit, breach?.Limit);
        Assert.AreEqual(message, breach?.Message);
    }

    [TestMethod]
    public async Task Removal_deletes_the_directory_once_and_never_kills_a_listed_pid_that_is_not_in_the_cgroup()
    {
        var leaf = CgroupLeaf.Create(_root, "agent-other-cleanup", Limits(), cpu: false);
        using var bystander = Process.Start(new ProcessStartInfo("sleep", "30"))!;
        // Like a pid that exited and was reused: its /proc/<pid>/cgroup does not name this cgroup.
        File.WriteAllText(Path.Combine(leaf.Directory, "cgroup.procs"), $"{bystander.Id}\n");
        try
        {
            await leaf.RemoveAsync();
            await leaf.RemoveAsync();

            Assert.IsFalse(Directory.Exists(leaf.Directory));
            Assert.IsTrue(Directory.Exists(_root), "only the process's own cgroup goes");
            Assert.IsFalse(bystander.HasExited, "a process outside the cgroup survives the cleanup");
        }
        finally
        {
            bystander.Kill();
        }
    }

    [TestMethod]
    public void The_file_system_check_tells_cgroupfs_from_a_plain_directory()
    {
        Assert.IsFalse(CgroupLeaf.IsCgroupFileSystem(_root));
        if (Directory.Exists("/sys/fs/cgroup/unified")) Assert.IsTrue(CgroupLeaf.IsCgroupFileSystem("/sys/fs/cgroup/unified"));
    }

    private sealed class Remover(CgroupLeaf leaf) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => leaf.RemoveAsync();
    }
}
