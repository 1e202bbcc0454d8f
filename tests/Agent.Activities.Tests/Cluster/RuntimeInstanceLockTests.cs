using System.Collections.Concurrent;
using Agent.Activities.Cluster;
using Agent.Activities.Tests.Approvals;
using Agent.Testing.Postgres;
using Agent.Workflows.Cluster;
using Agent.Workflows.Model;
using Agent.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Activities.Tests.Cluster;

/// <summary>
/// With advisory locks on a real PostgreSQL database (as with Database:Provider=PostgreSql), the runtime holds the
/// instance's lock (<c>instance:&lt;id&gt;</c>) while it executes or resumes an instance, so a second replica cannot;
/// a resume waits while another replica holds the instance.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class RuntimeInstanceLockTests
{
    private string _folder = null!;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestInitialize]
    public void CreateFolder() => _folder = TempFolder.Create("agent-runtime-instance-lock");

    [TestCleanup]
    public void DeleteFolder() => TempFolder.Delete(_folder);

    [TestMethod]
    public async Task The_instance_lock_is_held_by_every_run_and_a_resume_waits_for_another_replica_holding_it()
    {
        await using var server = await PostgresServer.StartAsync(Token);
        var database = await server.CreateDatabaseAsync("runtime", Token);
        var otherReplica = new PostgresAgentLocks(database);
        var probe = new LockProbe(otherReplica);
        await using var host = await EngineHost.OpenAsync(_folder, configure: s =>
        {
            s.AddSingleton<IAgentLocks>(new PostgresAgentLocks(database));
            s.AddSingleton<IInstanceRunListener>(probe);
        });

        var started = await host.StartAsync(ApprovalWorkflow.Json());
        Assert.AreEqual(WorkflowStatus.Suspended, started.Status);
        Assert.IsTrue(probe.HeldElsewhere[started.Id], "while this replica ran the instance, another could not take its lock");
        await using (var free = await otherReplica.TryAcquireAsync(AgentLockNames.Instance(started.Id), Token))
            Assert.IsNotNull(free, "the lock is released when the run suspends");

        var pending = (await host.Approvals.ListPendingAsync(Token)).Single();
        Task<Activities.Approvals.ApprovalOutcome> decided;
        await using (await otherReplica.AcquireAsync(AgentLockNames.Instance(started.Id), TimeSpan.FromSeconds(5), Token))
        {
            decided = host.Approvals.DecideAsync(pending.Id, "approve", "ada", null, Token);
            await Task.Delay(500, Token);
            Assert.IsFalse(decided.IsCompleted, "the resume waits while another replica holds the instance");
            Assert.AreEqual(WorkflowStatus.Suspended, (await host.InstanceAsync(started.Id)).Status);
        }
        Assert.AreEqual("Finished", (await decided.WaitAsync(TimeSpan.FromSeconds(30), Token)).InstanceStatus);
        Assert.AreEqual(2, probe.Runs, "the start and the resume each ended one run");
    }

    [TestMethod]
    public async Task On_one_machine_the_runtime_takes_no_lock_file_per_resume()
    {
        var lockFolder = Path.Combine(_folder, "locks");
        await using var host = await EngineHost.OpenAsync(_folder, configure: s => s.AddSingleton<IAgentLocks>(new FileAgentLocks(lockFolder)));
        var started = await host.StartAsync(ApprovalWorkflow.Json());
        var pending = (await host.Approvals.ListPendingAsync(Token)).Single();
        Assert.AreEqual("Finished", (await host.Approvals.DecideAsync(pending.Id, "approve", "ada", null, Token)).InstanceStatus);
        Assert.IsFalse(Directory.Exists(lockFolder), "the store's revision-checked claim is all a single machine needs");
        Assert.AreEqual(WorkflowStatus.Finished, (await host.InstanceAsync(started.Id)).Status);
    }

    [TestMethod]
    public async Task Start_up_recovery_skips_an_instance_another_replica_holds_and_recovers_it_once_free()
    {
        await using var server = await PostgresServer.StartAsync(Token);
        var database = await server.CreateDatabaseAsync("recovery", Token);
        var otherReplica = new PostgresAgentLocks(database);
        await using var host = await EngineHost.OpenAsync(_folder, configure: s => s.AddSingleton<IAgentLocks>(new PostgresAgentLocks(database)));
        var started = await host.StartAsync(ApprovalWorkflow.Json());
        // Left "running" in the store, as by a replica in the middle of a step (or one that died there).
        var instance = await host.InstanceAsync(started.Id);
        instance.Status = WorkflowStatus.Running;
        var store = host.Get<Agent.Workflows.Persistence.IWorkflowInstanceStore>();
        await store.CommitAsync(new Agent.Workflows.Persistence.InstanceCommit(instance, instance.Revision, [], [], [], []), Token);
        CollectionAssert.AreEqual(new[] { started.Id }, (await store.FindInterruptedAsync(Token)).ToList());

        await using (await otherReplica.AcquireAsync(AgentLockNames.Instance(started.Id), TimeSpan.FromSeconds(5), Token))
            Assert.AreEqual(0, (await host.Runtime.RecoverInterruptedAsync(Token)).Count, "an instance whose lock is held is alive on another replica, not interrupted");
        Assert.AreEqual(WorkflowStatus.Running, (await host.InstanceAsync(started.Id)).Status, "nothing was run");

        // Its holder gone, the instance is interrupted and recovered here, once.
        Assert.AreEqual(started.Id, (await host.Runtime.RecoverInterruptedAsync(Token)).Single().Id);
        Assert.AreEqual(WorkflowStatus.Suspended, (await host.InstanceAsync(started.Id)).Status, "back to waiting for its approval");
        Assert.AreEqual(0, (await host.Runtime.RecoverInterruptedAsync(Token)).Count);
    }

    // Looks, from "another replica", at the instance's lock at the end of every run (the runtime still holds it then).
    private sealed class LockProbe(IAgentLocks otherReplica) : IInstanceRunListener
    {
        private int _runs;

        public ConcurrentDictionary<string, bool> HeldElsewhere { get; } = new();

        public int Runs => _runs;

        public async ValueTask RunEndedAsync(WorkflowInstance instance, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _runs);
            var taken = await otherReplica.TryAcquireAsync(AgentLockNames.Instance(instance.Id), cancellationToken);
            HeldElsewhere[instance.Id] = taken is null;
            if (taken is not null) await taken.DisposeAsync();
        }
    }
}
