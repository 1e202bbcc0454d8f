using Agent.Activities.Assessment;
using Agent.Activities.Learning;
using Agent.Activities.Learning.Incidents;
using Agent.Activities.Learning.Persistence;
using Agent.Activities.Safety.Events;
using Agent.Activities.Safety.Limits;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Tests.Safety.Limits;

/// <summary>Real child processes (node, sh, sleep) run through <see cref="CommandRunner"/> under the resource limiter.</summary>
[TestClass]
public sealed class ResourceLimiterTests
{
    private string _folder = null!;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestInitialize]
    public void Init() => _folder = TempFolder.Create("agent-limits-tests");

    [TestCleanup]
    public void Cleanup() => TempFolder.Delete(_folder);

    private static (CommandRunner Runner, ResourceLimiter Limiter, RecordingSafetySink Sink) Limited(Action<ResourceLimitOptions> configure)
    {
        var options = new ResourceLimitOptions();
        configure(options);
        var sink = new RecordingSafetySink();
        var limiter = new ResourceLimiter(Options.Create(options), new LimitMechanismProbe(), sink);
        return (new CommandRunner(limiter), limiter, sink);
    }

    private CommandSpec Node(string script, ProcessKind kind = ProcessKind.Test) =>
        new("node", ["-e", script], _folder, TimeSpan.FromSeconds(60)) { Kind = kind };

    [TestMethod]
    public void This_machine_uses_prlimit_and_the_watchdog_and_says_what_it_found_of_cgroup_v2()
    {
        var (_, limiter, _) = Limited(_ => { });

        Assert.AreEqual(LimitMechanism.PrlimitWatchdog, limiter.Mechanism.Mechanism, limiter.Mechanism.Describe());
        StringAssert.Contains(limiter.Mechanism.Describe(), "cgroup v2 not used: ");
        Assert.AreEqual(LimitMechanism.None, new ResourceLimiter(Options.Create(new ResourceLimitOptions { Enabled = false }), new LimitMechanismProbe()).Mechanism.Mechanism);
    }

    [TestMethod]
    [TestCategory("Slow")]
    public async Task A_child_allocating_2_GiB_under_a_384_MiB_limit_is_killed_and_the_incident_names_the_memory_limit()
    {
        var (runner, _, sink) = Limited(o => o.Test = new ProcessLimits { MemoryMiB = 384 });
        // 64 MiB every 50 ms up to 2 GiB, each buffer filled so its pages are resident; then it would idle for a minute.
        var spec = Node("const a=[];let n=0;const t=setInterval(()=>{a.push(Buffer.alloc(64<<20,1));if(++n===32)clearInterval(t);},50);setTimeout(()=>{},60000);");

        var outcome = await runner.RunAsync(spec, Token);

        Assert.IsNotNull(outcome.Breach, outcome.Tail());
        Assert.AreEqual(LimitNames.Memory, outcome.Breach.Limit);
        StringAssert.StartsWith(outcome.Breach.Message, "memory limit 384 MiB exceeded (peak RSS ");
        Assert.IsFalse(outcome.Succeeded);
        Assert.IsLessThan(TimeSpan.FromSeconds(20), outcome.Duration);
        StringAssert.Contains(outcome.StandardError, "memory limit 384 MiB exceeded");
        var incident = sink.Events.Single();
        Assert.AreEqual(SafetyEventKinds.LimitBreached, incident.Kind);
        Assert.AreEqual("memory", incident.Data["limit"]);
        Assert.AreEqual("test", incident.Data["kind"]);
        StringAssert.Contains(incident.Summary, "memory limit 384 MiB exceeded");
    }

    [TestMethod]
    [TestCategory("Slow")]
    public async Task A_CPU_burning_loop_is_killed_past_its_CPU_limit()
    {
        var (runner, limiter, sink) = Limited(o => o.Build = new ProcessLimits { CpuTime = TimeSpan.FromSeconds(1) });
        Assert.EndsWith("prlimit", limiter.Prepare(ProcessKind.Build, "node", ["-e", "1"]).FileName, "the kernel backstop is in place");

        var outcome = await runner.RunAsync(Node("for(;;){}", ProcessKind.Build), Token);

        Assert.AreEqual(LimitNames.Cpu, outcome.Breach?.Limit, outcome.Tail());
        StringAssert.StartsWith(outcome.Breach!.Message, "CPU time limit 1 s exceeded");
        Assert.IsLessThan(TimeSpan.FromSeconds(15), outcome.Duration);
        Assert.AreEqual("cpu", sink.Events.Single().Data["limit"]);
    }

    [TestMethod]
    [TestCategory("Slow")]
    public async Task A_sleeper_is_killed_past_its_wall_limit_although_its_own_timeout_is_longer_and_the_incident_reaches_the_knowledge_base()
    {
        var knowledge = new KnowledgeDatabase(Options.Create(new LearningOptions { DatabasePath = Path.Combine(_folder, "knowledge.db") }), Options.Create(new Agent.Workflows.Persistence.DatabaseOptions()));
        await knowledge.InitializeAsync(Token);
        var incidents = new IncidentStore(knowledge, TimeProvider.System);
        var sink = new RecordingSafetySink();
        var options = new ResourceLimitOptions { Other = new ProcessLimits { WallTime = TimeSpan.FromSeconds(1) } };
        var runner = new CommandRunner(new ResourceLimiter(Options.Create(options), new LimitMechanismProbe(), sink, incidents));

        var outcome = await runner.RunAsync(new CommandSpec("sleep", ["30"], _folder, TimeSpan.FromMinutes(1)), Token);

        Assert.AreEqual(LimitNames.Wall, outcome.Breach?.Limit, outcome.Tail());
        Assert.AreEqual("wall time limit 1 s exceeded", outcome.Breach!.Message);
        Assert.IsFalse(outcome.TimedOut, "a limit breach is not the command's own timeout");
        Assert.IsLessThan(TimeSpan.FromSeconds(10), outcome.Duration);
        Assert.HasCount(1, sink.Events);
        var recorded = (await incidents.ListAsync(10, Token)).Single();
        Assert.AreEqual(IncidentKinds.LimitBreached, recorded.Kind);
        StringAssert.Contains(recorded.Message, "wall time limit 1 s exceeded (sleep 30)");
    }

    [TestMethod]
    [TestCategory("Slow")]
    public async Task Sixty_sleepers_under_a_20_process_limit_are_all_killed_and_none_survives()
    {
        var (runner, _, sink) = Limited(o => o.Test = new ProcessLimits { MaxProcesses = 20 });
        var marker = $"7.{Random.Shared.Next(100000, 999999)}";
        var spec = new CommandSpec("sh", ["-c", $"for i in $(seq 60); do sleep {marker} & done; wait"], _folder, TimeSpan.FromMinutes(1)) { Kind = ProcessKind.Test };

        var outcome = await runner.RunAsync(spec, Token);

        Assert.AreEqual(LimitNames.Processes, outcome.Breach?.Limit, outcome.Tail());
        StringAssert.StartsWith(outcome.Breach!.Message, "process limit 20 exceeded (");
        var survivors = ProcessTree.All().Where(pid => ProcessTree.IsAlive(pid) && ProcessTree.CommandLine(pid).Contains(marker, StringComparison.Ordinal)).ToList();
        Assert.IsEmpty(survivors, $"sleepers outlived the kill: {string.Join(", ", survivors)}");
        Assert.AreEqual("processes", sink.Events.Single().Data["limit"]);
    }

    [TestMethod]
    [TestCategory("Slow")]
    public async Task A_failing_node_test_run_under_the_default_limits_reports_its_results_normally()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "math.test.js"), """
            const test = require('node:test');
            const assert = require('node:assert');
            test('adds', () => assert.strictEqual(1 + 1, 2));
            test('subtracts wrongly', () => assert.strictEqual(2 - 1, 3));
            """, Token);
        var (runner, _, sink) = Limited(_ => { });

        var outcome = await runner.RunAsync(new CommandSpec("node", ["--test"], _folder, TimeSpan.FromMinutes(1)) { Kind = ProcessKind.Test }, Token);

        Assert.IsNull(outcome.Breach, outcome.Tail());
        Assert.AreEqual(1, outcome.ExitCode, outcome.Tail());
        StringAssert.Contains(outcome.StandardOutput, "# pass 1");
        StringAssert.Contains(outcome.StandardOutput, "# fail 1");
        Assert.IsEmpty(sink.Events);
    }

    [TestMethod]
    public async Task A_program_that_does_not_exist_is_not_wrapped_and_still_fails_to_start()
    {
        var (runner, limiter, _) = Limited(_ => { });
        Assert.AreEqual("no-such-program-xyz", limiter.Prepare(ProcessKind.Test, "no-such-program-xyz", []).FileName);

        var outcome = await runner.RunAsync(new CommandSpec("no-such-program-xyz", [], _folder, TimeSpan.FromSeconds(5)) { Kind = ProcessKind.Test }, Token);

        Assert.IsNotNull(outcome.StartError);
        Assert.IsNull(outcome.Breach);
    }

    [TestMethod]
    public void Zero_and_missing_values_mean_no_limit()
    {
        var limits = new ProcessLimits { WallTime = TimeSpan.Zero, CpuTime = null, MemoryMiB = 0, MaxProcesses = 0 };
        Assert.IsFalse(limits.Any);
        var (_, limiter, _) = Limited(o => o.Other = limits);

        var command = limiter.Prepare(ProcessKind.Other, "sleep", ["1"]);

        Assert.AreEqual("sleep", command.FileName, "no CPU limit, so no prlimit");
        Assert.IsNull(limiter.Watch(command, Environment.ProcessId, () => Task.CompletedTask));
    }
}
