using System.Diagnostics;
using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;
using static Agent.Workflows.Tests.Engine.Def;

namespace Agent.Workflows.Tests.Engine;

/// <summary>
/// Runs a definition in a child process, kills it with SIGKILL inside an activity, restarts it, and checks
/// the instance completes with every finished step journaled exactly once.
/// </summary>
[TestClass]
public sealed class CrashRecoveryTests
{
    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task KillInsideAnActivityThenRestartCompletesWithEachStepJournaledOnce()
    {
        using var sandbox = new CrashSandbox();
        var steps = Enumerable.Range(1, 5).Select(i => A($"step{i}", "Test.SlowStep", ("firstRunDelayMs", Lit(i == 3 ? 60_000 : 0, "Int32")))).ToList();
        await sandbox.KillInsideAsync(Flowchart(steps, Enumerable.Range(1, 4).Select(i => C($"step{i}", $"step{i + 1}")), id: "crash"), "crash-1", "step3");

        await using (var store = sandbox.OpenStore())
        {
            Assert.AreEqual(WorkflowStatus.Running, (await store.Store.FindAsync("crash-1"))!.Status);
            CollectionAssert.AreEqual(new[] { "step1", "step2" }, (await store.Store.GetJournalAsync("crash-1")).Select(e => e.ActivityId).ToArray());
        }

        StringAssert.Contains(await sandbox.RecoverAsync(), "crash-1 Finished");

        await using (var store = sandbox.OpenStore())
        {
            var finished = (await store.Store.FindAsync("crash-1"))!;
            Assert.AreEqual(WorkflowStatus.Finished, finished.Status);
            var journal = await store.Store.GetJournalAsync("crash-1");
            CollectionAssert.AreEqual(new[] { "step1", "step2", "step3", "step4", "step5" }, journal.Select(e => e.ActivityId).ToArray());
            CollectionAssert.AreEqual(new[] { "step1", "step2", "step3", "step4", "step5" }, finished.State.OutputLines);
            // step3 was started twice (killed, then re-run); the others once.
            Assert.AreEqual(2, sandbox.Starts("step3"));
            Assert.AreEqual(1, sandbox.Starts("step4"));
            // The re-run is the same execution (its id is the idempotency key of effects outside the instance).
            var step3 = sandbox.ExecutionIds("step3");
            Assert.AreEqual(step3[0], step3[1]);
            Assert.AreNotEqual(step3[0], sandbox.ExecutionIds("step4")[0]);
        }
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task AnActivityUnsafeToRerunFaultsInsteadOfRunningTwice()
    {
        using var sandbox = new CrashSandbox();
        await sandbox.KillInsideAsync(Flowchart(
            [A("step1", "Test.SlowStep", ("firstRunDelayMs", Lit(0, "Int32"))), A("charge", "Test.UnsafeStep", ("firstRunDelayMs", Lit(60_000, "Int32")))],
            [C("step1", "charge")], id: "unsafe"), "unsafe-1", "charge");

        StringAssert.Contains(await sandbox.RecoverAsync(), "unsafe-1 Faulted");

        await using var store = sandbox.OpenStore();
        var faulted = (await store.Store.FindAsync("unsafe-1"))!;
        StringAssert.Contains(faulted.State.Incidents.Single().Message, "not safe to run again");
        Assert.AreEqual(1, sandbox.Starts("charge"));
    }

    /// <summary>A temp folder with the database and the activities' start markers, and the crash host as a child process.</summary>
    private sealed class CrashSandbox : IDisposable
    {
        private static string HostDll => Path.Combine(AppContext.BaseDirectory, "Agent.Workflows.CrashHost.dll");
        private readonly string _dir = Directory.CreateTempSubdirectory("agent-crash-").FullName;

        private string Db => Path.Combine(_dir, "crash.db");
        private string Markers => Directory.CreateDirectory(Path.Combine(_dir, "markers")).FullName;

        /// <summary>How often an activity started, from its marker file.</summary>
        public int Starts(string activityId) => ExecutionIds(activityId).Length;

        /// <summary>The execution id of each start of an activity, in order.</summary>
        public string[] ExecutionIds(string activityId) => File.ReadAllLines(Path.Combine(Markers, activityId + ".started"));

        /// <summary>Starts the definition in the host and kills the host (SIGKILL) once <paramref name="activityId"/> has started.</summary>
        public async Task KillInsideAsync(string definitionJson, string instanceId, string activityId)
        {
            var definition = Path.Combine(_dir, "definition.json");
            await File.WriteAllTextAsync(definition, definitionJson);
            using var child = Start("start", Db, definition, instanceId, Markers);
            var marker = Path.Combine(Markers, activityId + ".started");
            var deadline = DateTime.UtcNow.AddSeconds(60);
            // The marker's whole line, not just the file: the kill must not land between its creation and its write.
            while (!File.Exists(marker) || !File.ReadAllText(marker).EndsWith('\n'))
            {
                if (child.HasExited) Assert.Fail($"The host exited early ({child.ExitCode}): {await child.StandardError.ReadToEndAsync()}");
                if (DateTime.UtcNow > deadline) Assert.Fail($"{marker} did not appear within 60 s.");
                await Task.Delay(50);
            }
            child.Kill(); // SIGKILL on Linux: no cleanup, no flush of anything not committed.
            await child.WaitForExitAsync();
        }

        /// <summary>Runs the host's recovery and returns what it printed ("id Status" per recovered instance).</summary>
        public async Task<string> RecoverAsync()
        {
            using var recovery = Start("recover", Db, Markers);
            var output = await recovery.StandardOutput.ReadToEndAsync();
            await recovery.WaitForExitAsync();
            Assert.AreEqual(0, recovery.ExitCode, await recovery.StandardError.ReadToEndAsync());
            return output;
        }

        public OpenedStore OpenStore()
        {
            var provider = new ServiceCollection().AddWorkflowPersistence(o => o.DatabasePath = Db).BuildServiceProvider();
            return new OpenedStore(provider, provider.GetRequiredService<IWorkflowInstanceStore>());
        }

        private static Process Start(params string[] args)
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add(HostDll);
            foreach (var a in args) info.ArgumentList.Add(a);
            return Process.Start(info) ?? throw new InvalidOperationException("Could not start the crash host.");
        }

        public void Dispose() => Directory.Delete(_dir, recursive: true);
    }

    private sealed record OpenedStore(ServiceProvider Provider, IWorkflowInstanceStore Store) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Provider.DisposeAsync();
    }
}
