using System.Diagnostics;
using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;
using static Agent.Workflows.Tests.Engine.Def;

namespace Agent.Workflows.Tests.Engine;

/// <summary>
/// Runs a definition in a child process, kills it with SIGKILL inside an activity, restarts it, and checks
/// the instance completes with every finished step journaled exactly once. Run on SQLite and on PostgreSQL.
/// </summary>
public abstract class CrashRecoveryTests
{
    /// <summary>Where the host keeps the instances: a SQLite file path, or a PostgreSQL connection string.</summary>
    private protected abstract Task<string> NewDatabaseAsync(string directory);

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task KillInsideAnActivityThenRestartCompletesWithEachStepJournaledOnce()
    {
        using var sandbox = await CrashSandbox.CreateAsync(NewDatabaseAsync);
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
        using var sandbox = await CrashSandbox.CreateAsync(NewDatabaseAsync);
        await sandbox.KillInsideAsync(Flowchart(
            [A("step1", "Test.SlowStep", ("firstRunDelayMs", Lit(0, "Int32"))), A("charge", "Test.UnsafeStep", ("firstRunDelayMs", Lit(60_000, "Int32")))],
            [C("step1", "charge")], id: "unsafe"), "unsafe-1", "charge");

        StringAssert.Contains(await sandbox.RecoverAsync(), "unsafe-1 Faulted");

        await using var store = sandbox.OpenStore();
        var faulted = (await store.Store.FindAsync("unsafe-1"))!;
        StringAssert.Contains(faulted.State.Incidents.Single().Message, "not safe to run again");
        Assert.AreEqual(1, sandbox.Starts("charge"));
    }

    [TestMethod]
    [TestCategory("Slow")]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task KillInsideAParallelForEachBodyAfterItsEventResumesEachIterationExactlyOnce()
    {
        using var sandbox = await CrashSandbox.CreateAsync(NewDatabaseAsync);
        var body = ContainerDef.Container("seq", "Elsa.Sequence",
            A("ev", "Elsa.Event", ("eventName", Lit("Go"))),
            A("slow", "Test.SlowStep", ("firstRunDelayMs", Lit(60_000, "Int32"))),
            ContainerDef.WriteJs("done", "`done ${getCurrentValue()}`"));
        var json = Flowchart([ContainerDef.With(A("loop", "Elsa.ParallelForEach", ("items", Js("['a', 'b', 'c']"))), "body", body), WriteLine("end", "End")],
            [C("loop", "end")], id: "pfe");
        StringAssert.Contains(await sandbox.StartAsync(json, "pfe-1"), "Suspended");
        await using (var store = sandbox.OpenStore())
        {
            var waiting = (await store.Store.FindAsync("pfe-1"))!;
            Assert.AreEqual(3, waiting.State.Bookmarks.Select(b => b.FrameId).Distinct().Count(), "one bookmark per iteration, each in its own frame");
        }

        // The first resumed iteration is killed inside its slow step; the others still wait.
        await sandbox.KillInsideResumeAsync("Go", "slow");
        StringAssert.Contains(await sandbox.RecoverAsync(), "pfe-1 Suspended");
        await using (var store = sandbox.OpenStore())
        {
            var afterRecovery = (await store.Store.FindAsync("pfe-1"))!;
            CollectionAssert.AreEqual(new[] { "slow", "done a" }, afterRecovery.State.OutputLines);
            Assert.AreEqual(2, afterRecovery.State.Bookmarks.Count);
        }

        StringAssert.Contains(await sandbox.ResumeAsync("Go"), "pfe-1 Finished");
        await using (var store = sandbox.OpenStore())
        {
            var finished = (await store.Store.FindAsync("pfe-1"))!;
            CollectionAssert.AreEqual(new[] { "slow", "done a", "slow", "done b", "slow", "done c", "End" }, finished.State.OutputLines);
            Assert.AreEqual(0, finished.State.Frames.Count);
            var journal = await store.Store.GetJournalAsync("pfe-1");
            int Completed(string id) => journal.Count(e => e.ActivityId == id && e.Status == JournalStatus.Completed);
            Assert.AreEqual(3, Completed("ev"), "each iteration's event completed once");
            Assert.AreEqual(3, Completed("slow"));
            Assert.AreEqual(3, Completed("seq"));
            Assert.AreEqual(1, Completed("loop"));
            // Iteration a's slow step ran twice (killed, then re-run) as the same execution; b's and c's once each.
            var slow = sandbox.ExecutionIds("slow");
            Assert.AreEqual(4, slow.Length);
            Assert.AreEqual(slow[0], slow[1]);
            Assert.AreEqual(3, slow.Distinct().Count());
        }
    }

    /// <summary>A temp folder with the database and the activities' start markers, and the crash host as a child process.</summary>
    private protected sealed class CrashSandbox : IDisposable
    {
        private static string HostDll => Path.Combine(AppContext.BaseDirectory, "Agent.Workflows.CrashHost.dll");
        private readonly string _dir = Directory.CreateTempSubdirectory("agent-crash-").FullName;

        private string Db { get; set; } = "";

        public static async Task<CrashSandbox> CreateAsync(Func<string, Task<string>> database)
        {
            var sandbox = new CrashSandbox();
            sandbox.Db = await database(sandbox._dir);
            return sandbox;
        }
        private string Markers => Directory.CreateDirectory(Path.Combine(_dir, "markers")).FullName;

        /// <summary>How often an activity started, from its marker file.</summary>
        public int Starts(string activityId) => ExecutionIds(activityId).Length;

        /// <summary>The execution id of each start of an activity, in order.</summary>
        public string[] ExecutionIds(string activityId) => File.ReadAllLines(Path.Combine(Markers, activityId + ".started"));

        /// <summary>Starts the definition in the host and kills the host (SIGKILL) once <paramref name="activityId"/> has started.</summary>
        public async Task KillInsideAsync(string definitionJson, string instanceId, string activityId)
        {
            using var child = Start("start", Db, await WriteDefinitionAsync(definitionJson), instanceId, Markers);
            await KillOnceStartedAsync(child, activityId);
        }

        /// <summary>Starts the definition in the host and lets it run until it suspends or ends; returns what it printed.</summary>
        public Task<string> StartAsync(string definitionJson, string instanceId) =>
            WriteDefinitionAsync(definitionJson).ContinueWith(t => RunAsync("start", Db, t.Result, instanceId, Markers)).Unwrap();

        /// <summary>Resumes the bookmarks named <paramref name="eventName"/> in the host; returns what it printed ("id Status" per instance).</summary>
        public Task<string> ResumeAsync(string eventName) => RunAsync("resume", Db, eventName, Markers);

        /// <summary>Resumes the bookmarks named <paramref name="eventName"/> and kills the host once <paramref name="activityId"/> has started.</summary>
        public async Task KillInsideResumeAsync(string eventName, string activityId)
        {
            using var child = Start("resume", Db, eventName, Markers);
            await KillOnceStartedAsync(child, activityId);
        }

        private async Task<string> WriteDefinitionAsync(string json)
        {
            var definition = Path.Combine(_dir, "definition.json");
            await File.WriteAllTextAsync(definition, json);
            return definition;
        }

        private async Task KillOnceStartedAsync(Process child, string activityId)
        {
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
        public Task<string> RecoverAsync() => RunAsync("recover", Db, Markers);

        private static async Task<string> RunAsync(params string[] args)
        {
            using var host = Start(args);
            var output = await host.StandardOutput.ReadToEndAsync();
            await host.WaitForExitAsync();
            Assert.AreEqual(0, host.ExitCode, await host.StandardError.ReadToEndAsync());
            return output;
        }

        public OpenedStore OpenStore()
        {
            var services = new ServiceCollection();
            if (Db.Contains('=')) services.AddWorkflowPersistence(database: d => (d.Provider, d.ConnectionString) = (DatabaseProvider.PostgreSql, Db));
            else services.AddWorkflowPersistence(o => o.DatabasePath = Db);
            var provider = services.BuildServiceProvider();
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

    private protected sealed record OpenedStore(ServiceProvider Provider, IWorkflowInstanceStore Store) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Provider.DisposeAsync();
    }
}

[TestClass]
public sealed class SqliteCrashRecoveryTests : CrashRecoveryTests
{
    private protected override Task<string> NewDatabaseAsync(string directory) => Task.FromResult(Path.Combine(directory, "crash.db"));
}

[TestClass]
[TestCategory("Slow")]
public sealed class PostgreSqlCrashRecoveryTests : CrashRecoveryTests
{
    private static Agent.Testing.Postgres.PostgresServer? s_server;

    [ClassInitialize]
    public static async Task StartServerAsync(TestContext context) =>
        s_server = await Agent.Testing.Postgres.PostgresServer.StartAsync(context.CancellationToken);

    [ClassCleanup]
    public static async Task StopServerAsync()
    {
        if (s_server is not null) await s_server.DisposeAsync();
    }

    private protected override Task<string> NewDatabaseAsync(string directory) => s_server!.CreateDatabaseAsync("crash");
}
