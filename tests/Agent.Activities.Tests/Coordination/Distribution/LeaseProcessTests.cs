using Agent.Testing.Postgres;
using System.Diagnostics;
using Agent.Activities.Coordination.Distribution;

namespace Agent.Activities.Tests.Coordination.Distribution;

/// <summary>Real agent processes (tests/Agent.Coordination.LeaseHost) leasing from one coordination.db file.</summary>
[TestCategory("Slow")]
public abstract class LeaseProcessTests : CoordinationProviderTests
{
    private const int Tasks = 50;
    private const int Leasers = 6;
    private string _folder = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    private static string HostDll => Path.Combine(AppContext.BaseDirectory, "Agent.Coordination.LeaseHost.dll");

    [TestInitialize]
    public void CreateFolder() => _folder = TempFolder.Create("agent-lease-process-tests");

    [TestCleanup]
    public void DeleteFolder() => TempFolder.Delete(_folder);

    [TestMethod]
    public async Task Six_processes_leasing_50_tasks_at_once_never_get_the_same_task()
    {
        await using (var host = await DistributionHost.OpenAsync(_folder, settings: Settings()))
        {
            await host.Queue.EnqueueAsync([.. Enumerable.Range(0, Tasks).Select(i => new TaskDraft { Id = $"t{i:D2}", Kind = "subtask", Role = "implementer" })]);
        }
        var leasers = Enumerable.Range(0, Leasers).Select(i => Start("drain", $"impl-{i}", 60_000)).ToList();
        try
        {
            foreach (var leaser in leasers) Assert.AreEqual("ready", await ReadLineAsync(leaser), await StderrAsync(leaser));
            foreach (var leaser in leasers) await leaser.StandardInput.WriteLineAsync("go");
            var outputs = await Task.WhenAll(leasers.Select(FinishAsync));
            var leased = outputs.SelectMany((o, i) => o.Lines.Where(l => l.StartsWith("leased ", StringComparison.Ordinal)).Select(l => (Agent: $"impl-{i}", Task: l[7..]))).ToList();
            foreach (var (code, lines) in outputs) Assert.AreEqual(0, code, string.Join("\n", lines));

            Assert.AreEqual(Tasks, leased.Count, "every task leased exactly once: " + string.Join(", ", leased.GroupBy(l => l.Task).Where(g => g.Count() > 1).Select(g => g.Key)));
            CollectionAssert.AreEquivalent(Enumerable.Range(0, Tasks).Select(i => $"t{i:D2}").ToArray(), leased.Select(l => l.Task).ToArray());
            await using var check = await DistributionHost.OpenAsync(_folder, settings: Settings());
            var done = await check.Queue.ListAsync(TaskStatuses.Done);
            Assert.AreEqual(Tasks, done.Count);
            Assert.IsTrue(done.All(t => t.Attempts == 1), "no task was leased twice");
            foreach (var (agent, task) in leased)
                Assert.AreEqual(agent, done.Single(t => t.Id == task).LeaseOwner, $"{task} is recorded for the process that printed it");
            TestContext.WriteLine(string.Join(", ", leased.GroupBy(l => l.Agent).Select(g => $"{g.Key}: {g.Count()}")));
        }
        finally
        {
            foreach (var leaser in leasers) Stop(leaser);
        }
    }

    [TestMethod]
    public async Task When_a_process_holding_a_lease_is_killed_its_lease_expires_and_another_agent_gets_the_task()
    {
        var leaseTimeout = TimeSpan.FromSeconds(2);
        var settings = new Dictionary<string, string?> { ["Coordination:LeaseTimeout"] = leaseTimeout.ToString() };
        await using var host = await DistributionHost.OpenAsync(_folder, settings: Settings(settings));
        await host.RegisterAsync(("survivor", "implementer"));
        await host.EnqueueAsync("only-task", "implementer");

        var holder = Start("hold", "doomed", (int)leaseTimeout.TotalMilliseconds);
        try
        {
            Assert.AreEqual("leased only-task", await ReadLineAsync(holder), await StderrAsync(holder));
            // Alive, the holder's heartbeats keep the lease past its first timeout.
            await Task.Delay(leaseTimeout * 1.5, Token);
            Assert.AreEqual(0, (await host.Queue.ExpireLeasesAsync(Token)).Count, "a live holder's heartbeats keep its lease");
            Assert.IsNull(await host.Queue.LeaseAsync("survivor", Token));

            holder.Kill(entireProcessTree: true);
            await holder.WaitForExitAsync(Token);
            var deadline = DateTime.UtcNow + leaseTimeout * 3;
            IReadOnlyList<ExpiredLease> expired = [];
            while (expired.Count == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, Token);
                expired = await host.Queue.ExpireLeasesAsync(Token);
            }
            Assert.AreEqual("doomed", expired.Single().AgentId, "the dead process's lease expired");
            Assert.AreEqual(TaskStatuses.Queued, expired.Single().Status);
            var taken = (await host.Queue.LeaseAsync("survivor", Token))!;
            Assert.AreEqual("only-task", taken.Id);
            Assert.AreEqual(2, taken.Attempts);
            Assert.AreEqual(TaskStatuses.Done, (await host.Queue.CompleteAsync("only-task", "survivor", "{}", Token)).Status);
        }
        finally
        {
            Stop(holder);
        }
    }

    private Process Start(string mode, string agent, int leaseMs)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { HostDll, mode, _folder, agent, "implementer", leaseMs.ToString(System.Globalization.CultureInfo.InvariantCulture) }) info.ArgumentList.Add(arg);
        // On PostgreSQL the children share this test's database through the same Database section, as environment variables.
        foreach (var (key, value) in Settings()) info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        return Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
    }

    private async Task<string?> ReadLineAsync(Process process)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromMinutes(1));
        return await process.StandardOutput.ReadLineAsync(timeout.Token);
    }

    private static async Task<string> StderrAsync(Process process) =>
        process.HasExited ? await process.StandardError.ReadToEndAsync() : "(still running)";

    private async Task<(int Code, IReadOnlyList<string> Lines)> FinishAsync(Process process)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, [.. (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), .. (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries)]);
    }

    private static void Stop(Process process)
    {
        using (process)
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }
}

[TestClass]
[TestCategory("Slow")]
public sealed class SqliteLeaseProcessTests : LeaseProcessTests
{
}

[TestClass]
[TestCategory("Slow")]
public sealed class PostgresLeaseProcessTests : LeaseProcessTests
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
