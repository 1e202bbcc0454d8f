using System.Collections.Concurrent;
using Agent.Testing.Postgres;
using Agent.Workflows.Cluster;
using Agent.Workflows.Persistence;
using Agent.Workflows.Persistence.PostgreSql;
using Agent.Workflows.Runtime;
using Agent.Workflows.Tests.Engine;
using Microsoft.Extensions.DependencyInjection;
using static Agent.Workflows.Tests.Engine.Def;

namespace Agent.Workflows.Tests.Persistence.Postgres;

/// <summary>
/// Instance leases on a real PostgreSQL (issue 21 §2): a live lease is never taken, an expired one is taken over once,
/// naming the old owner; start-up recovery of a second replica leaves an instance with a live lease alone.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class InstanceLeaseTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);
    private static PostgresServer? s_server;

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static async Task StartServerAsync(TestContext context) => s_server = await PostgresServer.StartAsync(context.CancellationToken);

    [ClassCleanup]
    public static async Task StopServerAsync()
    {
        if (s_server is not null) await s_server.DisposeAsync();
    }

    [TestMethod]
    public async Task A_lease_renewed_by_its_heartbeat_is_refused_and_an_expired_one_is_taken_over_naming_its_owner()
    {
        var database = await s_server!.CreateDatabaseAsync("leases", TestContext.CancellationToken);
        await using var host = await WorkflowHost.StartPostgreSqlAsync(database);
        var source = host.Services.GetRequiredService<WorkflowDataSource>();
        var a = new PostgreSqlInstanceLeases(source, "replica-a", Timeout);
        var b = new PostgreSqlInstanceLeases(source, "replica-b", Timeout);

        Assert.IsNull(await a.ClaimAsync("i1"), "a new lease has no previous owner");
        for (var beat = 0; beat < 4; beat++)
        {
            Assert.AreEqual(new LeaseClaim(false, null), await b.TryClaimAsync("i1"), $"beat {beat}: a live lease is refused");
            Assert.AreEqual(1, await a.RenewAsync());
            await Task.Delay(400);
        }
        Assert.AreEqual(new LeaseClaim(true, null), await a.TryClaimAsync("i1"), "the owner may claim its own lease again");

        await Task.Delay(Timeout + TimeSpan.FromMilliseconds(300));
        Assert.AreEqual(new LeaseClaim(true, "replica-a"), await b.TryClaimAsync("i1"), "expired: taken over, naming the old owner");
        Assert.AreEqual(new LeaseClaim(false, null), await a.TryClaimAsync("i1"), "the old owner cannot take it back while the new one's lease lives");
        Assert.AreEqual(0, await a.RenewAsync(), "the old owner's heartbeat no longer renews it");
        await a.ReleaseAsync("i1");
        Assert.AreEqual(new LeaseClaim(false, null), await a.TryClaimAsync("i1"), "a release by someone else's id drops nothing");
        await b.ReleaseAsync("i1");
        Assert.AreEqual(new LeaseClaim(true, null), await a.TryClaimAsync("i1"), "released: free again");
    }

    [TestMethod]
    public async Task Recovery_leaves_an_instance_with_a_live_lease_alone_and_takes_it_over_once_the_lease_expired()
    {
        var database = await s_server!.CreateDatabaseAsync("takeover", TestContext.CancellationToken);
        var takeovers = new ConcurrentQueue<(string Id, string From, string To)>();
        await using var first = await WorkflowHost.StartPostgreSqlAsync(database, s => Replica(s, database, "replica-a", takeovers));
        await using var second = await WorkflowHost.StartPostgreSqlAsync(database, s => Replica(s, database, "replica-b", takeovers));
        await first.PublishAsync(WorkflowHost.Workflow("approval",
            [A("Start", "Elsa.Start"), WriteLine("Before", "before"), A("Wait", "Elsa.Event", ("eventName", Lit("approve"))), WriteLine("After", "after")],
            [C("Start", "Before"), C("Before", "Wait"), C("Wait", "After")]));
        var started = await first.StartAsync("approval");
        Assert.AreEqual(WorkflowStatus.Suspended, started.Status);
        var leasesOfFirst = first.Services.GetRequiredService<IInstanceLeases>();
        var leasesOfSecond = second.Services.GetRequiredService<IInstanceLeases>();
        CollectionAssert.DoesNotContain((await leasesOfSecond.FindOrphanedAsync()).ToList(), started.Id, "a suspended instance holds no lease and is no orphan");

        // As if replica-a were in the middle of a step: Running in the store, its lease live, its lock free between two calls.
        var instance = (await first.Instances.FindAsync(started.Id))!;
        instance.Status = WorkflowStatus.Running;
        await first.Instances.CommitAsync(new InstanceCommit(instance, instance.Revision, [], [], [], []));
        await leasesOfFirst.ClaimAsync(started.Id);

        Assert.IsEmpty(await second.Runtime.RecoverInterruptedAsync(), "start-up recovery skips an instance whose lease is alive");
        Assert.IsNull(await second.Runtime.RecoverAsync(started.Id), "so does a takeover");
        CollectionAssert.DoesNotContain((await leasesOfSecond.FindOrphanedAsync()).ToList(), started.Id);
        Assert.AreEqual(WorkflowStatus.Running, (await second.Instances.FindAsync(started.Id))!.Status, "nothing ran");
        Assert.IsEmpty(takeovers);

        await Task.Delay(Timeout + TimeSpan.FromMilliseconds(300));
        CollectionAssert.Contains((await leasesOfSecond.FindOrphanedAsync()).ToList(), started.Id, "its lease expired: an orphan");
        var recovered = await second.Runtime.RecoverAsync(started.Id);

        Assert.IsNotNull(recovered);
        Assert.AreEqual(WorkflowStatus.Suspended, recovered.Status, "continued to its bookmark again");
        CollectionAssert.AreEqual(new[] { (started.Id, "replica-a", "replica-b") }, takeovers.ToArray());
        Assert.IsEmpty(await leasesOfSecond.FindOrphanedAsync(), "the run ended and dropped its lease");
        Assert.IsNull(await second.Runtime.RecoverAsync(started.Id), "a second takeover finds nothing to do");
        Assert.HasCount(1, takeovers);
    }

    private static void Replica(IServiceCollection services, string database, string replica, ConcurrentQueue<(string, string, string)> takeovers)
    {
        services.AddSingleton<IAgentLocks>(new AdvisoryLocks(database));
        services.AddSingleton<IInstanceLeases>(sp => new PostgreSqlInstanceLeases(sp.GetRequiredService<WorkflowDataSource>(), replica, Timeout));
        services.AddSingleton<IInstanceTakeoverListener>(new TakeoverRecorder(takeovers));
    }

    private sealed class TakeoverRecorder(ConcurrentQueue<(string, string, string)> takeovers) : IInstanceTakeoverListener
    {
        public ValueTask TakenOverAsync(string instanceId, string previousOwner, string newOwner, CancellationToken cancellationToken)
        {
            takeovers.Enqueue((instanceId, previousOwner, newOwner));
            return ValueTask.CompletedTask;
        }
    }
}
