using System.Diagnostics;
using Agent.Testing.Postgres;
using Agent.Workflows.Persistence;
using Agent.Workflows.Persistence.EntityFramework;
using Agent.Workflows.Persistence.Retention;
using Agent.Workflows.Runtime;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Agent.Workflows.Tests.Persistence.InstanceTestData;

namespace Agent.Workflows.Tests.Persistence.Retention;

/// <summary>
/// Kills a sweeping process (the crash host) with SIGKILL while it deletes page after page, then checks that no
/// instance is half-deleted and that the next sweep finishes the work. Run on SQLite and on PostgreSQL.
/// </summary>
public abstract class RetentionCrashTests
{
    private const int Instances = 1500, JournalPerInstance = 3, KeepLast = 10, PageSize = 3;

    public TestContext TestContext { get; set; } = null!;
    private CancellationToken Ct => TestContext.CancellationToken;

    /// <summary>A fresh database: a SQLite file path, or a PostgreSQL connection string.</summary>
    private protected abstract Task<string> NewDatabaseAsync(string directory);

    [TestMethod]
    [Timeout(240_000, CooperativeCancellation = true)]
    public async Task A_sweep_killed_mid_way_leaves_no_half_deleted_instance_and_the_next_sweep_finishes()
    {
        var directory = TestDatabase.NewDirectory();
        try
        {
            var database = await NewDatabaseAsync(directory);
            await using (var services = await OpenAsync(database))
            {
                var store = services.GetRequiredService<IWorkflowInstanceStore>();
                for (var i = 0; i < Instances; i++)
                {
                    var instance = NewInstance($"f{i:D5}", status: WorkflowStatus.Finished, minutes: i);
                    instance.FinishedAt = instance.CreatedAt;
                    var journal = Enumerable.Range(1, JournalPerInstance).Select(s => Entry(instance.Id, s)).ToArray();
                    await store.CommitAsync(Commit(instance, 0, journal, incidents: [new Incident("a", "T", "boom", null, null, T0)]), Ct);
                }
            }

            var markers = Directory.CreateDirectory(Path.Combine(directory, "markers")).FullName;
            using (var child = StartSweep(database, markers))
            {
                // Kill once at least one page is committed and well before the last: mid-sweep, mid-page or between pages.
                var deadline = DateTime.UtcNow.AddSeconds(120);
                while (await CountAsync(database) == Instances)
                {
                    if (child.HasExited) Assert.Fail($"The sweep exited early ({child.ExitCode}): {await child.StandardError.ReadToEndAsync(Ct)}");
                    if (DateTime.UtcNow > deadline) Assert.Fail("The sweep deleted nothing within 120 s.");
                    await Task.Delay(5, Ct);
                }
                child.Kill(); // SIGKILL: no rollback by the process, no cleanup
                await child.WaitForExitAsync(Ct);
            }

            await using (var services = await OpenAsync(database))
            {
                var remaining = await CountAsync(database);
                if (remaining == KeepLast) Assert.Inconclusive("The sweep finished before the kill landed; the machine was faster than the poll.");
                Assert.IsLessThan(Instances, remaining);
                await AssertEveryInstanceWholeAsync(services);

                var result = await services.GetRequiredService<FinishedInstanceSweep>().SweepAsync(Ct);
                Assert.AreEqual(remaining - KeepLast, result.Instances, "the next sweep carries on where the killed one stopped");
                Assert.AreEqual(KeepLast, await CountAsync(database));
                await AssertEveryInstanceWholeAsync(services);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            TempFolder.Delete(directory);
        }
    }

    // Every remaining instance has all its journal entries and its incident; no row outlives its instance.
    private async Task AssertEveryInstanceWholeAsync(ServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<WorkflowDbContext>>().CreateDbContextAsync(Ct);
        var journal = await db.Journal.GroupBy(j => j.InstanceId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(Ct);
        var instances = await db.Instances.Select(i => i.Id).ToListAsync(Ct);
        CollectionAssert.AreEquivalent(instances, journal.Select(j => j.Key).ToList(), "journals exist exactly for the remaining instances");
        Assert.IsTrue(journal.All(j => j.Count == JournalPerInstance), "no journal is partly deleted");
        Assert.AreEqual(instances.Count, await db.Incidents.CountAsync(x => db.Instances.Any(i => i.Id == x.InstanceId), Ct));
        Assert.AreEqual(instances.Count, await db.Incidents.CountAsync(Ct), "no incident outlives its instance");
    }

    private async Task<ServiceProvider> OpenAsync(string database)
    {
        var services = new ServiceCollection();
        if (database.Contains('=')) services.AddWorkflowPersistence(database: d => (d.Provider, d.ConnectionString) = (DatabaseProvider.PostgreSql, database));
        else services.AddWorkflowPersistence(o => o.DatabasePath = database);
        services.AddFinishedInstanceRetention(r => (r.KeepLast, r.PageSize) = (KeepLast, PageSize));
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IWorkflowDatabaseInitializer>().InitializeAsync(Ct);
        return provider;
    }

    private async Task<int> CountAsync(string database)
    {
        await using var services = await OpenAsync(database);
        return await services.GetRequiredService<IWorkflowInstanceStore>().CountAsync(new InstanceQuery(), Ct);
    }

    private static Process StartSweep(string database, string markers)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "Agent.Workflows.CrashHost.dll"), "sweep", database, $"{KeepLast}", $"{PageSize}", markers })
            info.ArgumentList.Add(a);
        return Process.Start(info) ?? throw new InvalidOperationException("Could not start the crash host.");
    }
}

[TestClass]
[TestCategory("Slow")]
public sealed class SqliteRetentionCrashTests : RetentionCrashTests
{
    private protected override Task<string> NewDatabaseAsync(string directory) => Task.FromResult(Path.Combine(directory, "retention.db"));
}

[TestClass]
[TestCategory("Slow")]
public sealed class PostgreSqlRetentionCrashTests : RetentionCrashTests
{
    private static PostgresServer? s_server;

    [ClassInitialize]
    public static async Task StartServerAsync(TestContext context) => s_server = await PostgresServer.StartAsync(context.CancellationToken);

    [ClassCleanup]
    public static async Task StopServerAsync()
    {
        if (s_server is not null) await s_server.DisposeAsync();
    }

    private protected override Task<string> NewDatabaseAsync(string directory) => s_server!.CreateDatabaseAsync("retention_crash", TestContext.CancellationToken);
}
