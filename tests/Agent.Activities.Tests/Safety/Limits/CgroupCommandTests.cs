using Agent.Activities.Assessment;
using Agent.Activities.Safety.Events;
using Agent.Activities.Safety.Limits;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Tests.Safety.Limits;

/// <summary>
/// Commands through <see cref="CommandRunner"/> with <c>Safety:Limits:CgroupRoot</c> pointing at a directory laid out like
/// a delegated cgroup: the real shell joins the per-process directory, and the "kernel" is played by the command itself.
/// </summary>
[TestClass]
public sealed class CgroupCommandTests
{
    private string _folder = null!;
    private string _root = null!;

    public TestContext TestContext { get; set; } = null!;

    [TestInitialize]
    public void Init()
    {
        _folder = TempFolder.Create("agent-cgroup-commands");
        _root = FakeCgroup.DelegatedRoot(Path.Combine(_folder, "agent.service"));
    }

    [TestCleanup]
    public void Cleanup() => TempFolder.Delete(_folder);

    private (CommandRunner Runner, ResourceLimiter Limiter, RecordingSafetySink Sink) Limited()
    {
        var options = new ResourceLimitOptions { CgroupRoot = _root, Test = new ProcessLimits { MemoryMiB = 384, MaxProcesses = 32, CpuTime = TimeSpan.FromMinutes(5) } };
        var sink = new RecordingSafetySink();
        var limiter = new ResourceLimiter(Options.Create(options), new LimitMechanismProbe(), sink);
        return (new CommandRunner(limiter), limiter, sink);
    }

    private CommandSpec Shell(string script) => new("sh", ["-c", script], _folder, TimeSpan.FromSeconds(30)) { Kind = ProcessKind.Test };

    [TestMethod]
    public async Task A_command_runs_inside_its_own_cgroup_with_its_output_unchanged_and_the_cgroup_is_removed_afterwards()
    {
        var (runner, limiter, sink) = Limited();
        Assert.AreEqual(LimitMechanism.CgroupV2, limiter.Mechanism.Mechanism, limiter.Mechanism.Describe());
        StringAssert.StartsWith(limiter.Mechanism.Describe(), $"cgroup v2 ({_root}): memory, pids, cpu + ");

        // The command finds its cgroup (the only agent-test-* directory) and checks that its own pid is in it.
        var outcome = await runner.RunAsync(Shell($"d=$(echo '{_root}'/agent-test-*); echo \"$(cat \"$d/memory.max\") $(cat \"$d/pids.max\")\"; [ \"$(cat \"$d/cgroup.procs\")\" = $$ ] && echo joined; echo out; echo err >&2"), TestContext.CancellationToken);

        Assert.IsNull(outcome.Breach, outcome.Tail());
        Assert.AreEqual(0, outcome.ExitCode, outcome.Tail());
        Assert.AreEqual("402653184 32\njoined\nout\n", outcome.StandardOutput);
        Assert.AreEqual("err\n", outcome.StandardError);
        Assert.IsEmpty(Directory.GetDirectories(_root), "the per-process cgroup was removed");
        Assert.IsEmpty(sink.Events);
    }

    [TestMethod]
    public async Task An_OOM_kill_in_the_cgroup_is_reported_as_a_memory_breach_with_an_event()
    {
        var (runner, _, sink) = Limited();

        var outcome = await runner.RunAsync(Shell($"d=$(echo '{_root}'/agent-test-*); printf 'max 3\\noom 1\\noom_kill 1\\n' > \"$d/memory.events\"; exit 137"), TestContext.CancellationToken);

        Assert.AreEqual(LimitNames.Memory, outcome.Breach?.Limit, outcome.Tail());
        Assert.AreEqual("memory limit 384 MiB exceeded (the kernel's OOM killer ran in the process's cgroup)", outcome.Breach!.Message);
        StringAssert.Contains(outcome.StandardError, "the kernel's OOM killer ran");
        var incident = sink.Events.Single();
        Assert.AreEqual(SafetyEventKinds.LimitBreached, incident.Kind);
        Assert.AreEqual("memory", incident.Data["limit"]);
        Assert.AreEqual("CgroupV2", incident.Data["mechanism"]);
        Assert.IsEmpty(Directory.GetDirectories(_root));
    }

    [TestMethod]
    public async Task Refused_forks_are_reported_as_a_process_breach()
    {
        var (runner, _, sink) = Limited();

        var outcome = await runner.RunAsync(Shell($"d=$(echo '{_root}'/agent-test-*); echo 'max 12' > \"$d/pids.events\""), TestContext.CancellationToken);

        Assert.AreEqual("process limit 32 reached (fork refused 12 times)", outcome.Breach?.Message, outcome.Tail());
        Assert.AreEqual("processes", sink.Events.Single().Data["limit"]);
    }

    [TestMethod]
    public async Task A_command_that_cannot_start_leaves_no_cgroup_behind()
    {
        var (_, limiter, _) = Limited();

        await using (var command = limiter.Prepare(ProcessKind.Test, "sh", ["-c", "true"]))
        {
            Assert.AreEqual("/bin/sh", command.FileName);
            Assert.HasCount(1, Directory.GetDirectories(_root, "agent-test-*"));
        }

        Assert.IsEmpty(Directory.GetDirectories(_root));
        Assert.AreEqual("no-such-program-xyz", limiter.Prepare(ProcessKind.Test, "no-such-program-xyz", []).FileName);
        Assert.IsEmpty(Directory.GetDirectories(_root), "an unstartable program gets no cgroup");
    }
}
