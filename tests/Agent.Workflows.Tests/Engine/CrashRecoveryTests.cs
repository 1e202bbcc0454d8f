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
    private static string HostDll => Path.Combine(AppContext.BaseDirectory, "Agent.Workflows.CrashHost.dll");

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task KillInsideAnActivityThenRestartCompletesWithEachStepJournaledOnce()
    {
        var dir = Directory.CreateTempSubdirectory("agent-crash-").FullName;
        try
        {
            var db = Path.Combine(dir, "crash.db");
            var markers = Directory.CreateDirectory(Path.Combine(dir, "markers")).FullName;
            var steps = Enumerable.Range(1, 5).Select(i => A($"step{i}", "Test.SlowStep", ("firstRunDelayMs", Lit(i == 3 ? 60_000 : 0, "Int32")))).ToList();
            var definition = Path.Combine(dir, "crash.json");
            await File.WriteAllTextAsync(definition, Flowchart(steps, Enumerable.Range(1, 4).Select(i => C($"step{i}", $"step{i + 1}")), id: "crash"));

            using (var child = StartHost("start", db, definition, "crash-1", markers))
            {
                await WaitForFileAsync(Path.Combine(markers, "step3.started"), child);
                child.Kill(); // SIGKILL on Linux: no cleanup, no flush of anything not committed.
                await child.WaitForExitAsync();
            }

            var store = OpenStore(db, out var provider);
            await using (provider)
            {
                var interrupted = (await store.FindAsync("crash-1"))!;
                Assert.AreEqual(WorkflowStatus.Running, interrupted.Status);
                CollectionAssert.AreEqual(new[] { "step1", "step2" }, (await store.GetJournalAsync("crash-1")).Select(e => e.ActivityId).ToArray());
            }

            using (var recovery = StartHost("recover", db, markers))
            {
                var output = await recovery.StandardOutput.ReadToEndAsync();
                await recovery.WaitForExitAsync();
                Assert.AreEqual(0, recovery.ExitCode, await recovery.StandardError.ReadToEndAsync());
                StringAssert.Contains(output, "crash-1 Finished");
            }

            store = OpenStore(db, out provider);
            await using (provider)
            {
                var finished = (await store.FindAsync("crash-1"))!;
                Assert.AreEqual(WorkflowStatus.Finished, finished.Status);
                var journal = await store.GetJournalAsync("crash-1");
                CollectionAssert.AreEqual(new[] { "step1", "step2", "step3", "step4", "step5" }, journal.Select(e => e.ActivityId).ToArray());
                CollectionAssert.AreEqual(new[] { "step1", "step2", "step3", "step4", "step5" }, finished.State.OutputLines);
                // step3 was started twice (killed, then re-run); the others once.
                Assert.AreEqual(2, File.ReadAllLines(Path.Combine(markers, "step3.started")).Length);
                Assert.AreEqual(1, File.ReadAllLines(Path.Combine(markers, "step4.started")).Length);
            }
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task AnActivityUnsafeToRerunFaultsInsteadOfRunningTwice()
    {
        var dir = Directory.CreateTempSubdirectory("agent-crash-").FullName;
        try
        {
            var db = Path.Combine(dir, "crash.db");
            var markers = Directory.CreateDirectory(Path.Combine(dir, "markers")).FullName;
            var definition = Path.Combine(dir, "unsafe.json");
            await File.WriteAllTextAsync(definition, Flowchart(
                [A("step1", "Test.SlowStep", ("firstRunDelayMs", Lit(0, "Int32"))), A("charge", "Test.UnsafeStep", ("firstRunDelayMs", Lit(60_000, "Int32")))],
                [C("step1", "charge")], id: "unsafe"));
            using (var child = StartHost("start", db, definition, "unsafe-1", markers))
            {
                await WaitForFileAsync(Path.Combine(markers, "charge.started"), child);
                child.Kill();
                await child.WaitForExitAsync();
            }
            using (var recovery = StartHost("recover", db, markers))
            {
                StringAssert.Contains(await recovery.StandardOutput.ReadToEndAsync(), "unsafe-1 Faulted");
                await recovery.WaitForExitAsync();
            }
            var store = OpenStore(db, out var provider);
            await using (provider)
            {
                var faulted = (await store.FindAsync("unsafe-1"))!;
                StringAssert.Contains(faulted.State.Incidents.Single().Message, "not safe to run again");
                Assert.AreEqual(1, File.ReadAllLines(Path.Combine(markers, "charge.started")).Length);
            }
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    private static IWorkflowInstanceStore OpenStore(string db, out ServiceProvider provider)
    {
        var services = new ServiceCollection();
        services.AddWorkflowPersistence(o => o.DatabasePath = db);
        provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IWorkflowInstanceStore>();
    }

    private static Process StartHost(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(HostDll);
        foreach (var a in args) info.ArgumentList.Add(a);
        return Process.Start(info) ?? throw new InvalidOperationException("Could not start the crash host.");
    }

    private static async Task WaitForFileAsync(string path, Process child)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(path))
        {
            if (child.HasExited) Assert.Fail($"The host exited early ({child.ExitCode}): {await child.StandardError.ReadToEndAsync()}");
            if (DateTime.UtcNow > deadline) Assert.Fail($"{path} did not appear within 60 s.");
            await Task.Delay(50);
        }
    }
}
