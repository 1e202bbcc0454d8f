using Agent.Activities.Coordination.Messaging;
using Agent.Activities.Coordination.Spawning;
using Agent.Activities.Tests.Coordination.Distribution;
using Agent.Workflows.Persistence;
using Agent.Workflows.Persistence.Retention;
using Agent.Workflows.Runtime;
using Agent.Workflows.Versioning;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Activities.Tests.Coordination.Spawning;

/// <summary>EndedWorkerReaper on the real engine and SQLite: a worker that faulted after leasing frees its slot, waiting ones do not.</summary>
[TestClass]
public sealed class EndedWorkerReaperTests
{
    // Start → LeaseTask(AgentId) → Elsa.Fault: a worker that dies as one interrupted by a server crash does, holding its
    // lease and never reaching Agent.ReleaseAgent.
    private const string FaultingWorker = """
        {
          "id": "agent-worker-v1", "definitionId": "agent-worker", "version": 1, "isPublished": true, "isLatest": true,
          "root": {
            "type": "Elsa.Flowchart", "id": "root",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "lease", "type": "Agent.LeaseTask", "agentId": { "typeName": "String", "expression": { "type": "JavaScript", "value": "return getInput('AgentId');" } } },
              { "id": "die", "type": "Elsa.Fault", "message": { "typeName": "String", "expression": { "type": "Literal", "value": "Claude was interrupted by a crash" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "lease", "port": "In" } },
              { "source": { "activity": "lease", "port": "Done" }, "target": { "activity": "die", "port": "In" } }
            ]
          }
        }
        """;

    private string _folder = null!;

    public TestContext TestContext { get; set; } = null!;

    [TestInitialize]
    public void CreateFolder() => _folder = TempFolder.Create("agent-reaper-tests");

    [TestCleanup]
    public void DeleteFolder() => TempFolder.Delete(_folder);

    [TestMethod]
    public async Task A_worker_that_faulted_holding_a_task_is_released_and_the_queued_spawn_takes_its_slot()
    {
        await using var host = await SpawnHost.OpenAsync(_folder, new Dictionary<string, string?> { ["Coordination:MaxAgents"] = "1" }, importWorker: false);
        await host.Get<WorkflowDefinitionService>().ImportAsync(FaultingWorker);
        var first = await host.Spawner().SpawnAsync(new SpawnRequest("a", "implementer"));
        var second = await host.Spawner().SpawnAsync(new SpawnRequest("b", "implementer"));
        await host.WaitForAsync(async () => await host.WorkerStatusAsync(first.AgentId) == WorkflowStatus.Suspended, "the first worker waits for a task");
        var reaper = host.Get<EndedWorkerReaper>();
        Assert.IsEmpty(await reaper.ReapAsync(), "a worker waiting for a task is alive");

        await host.EnqueueAsync("t1", "implementer");
        await host.WaitForAsync(async () => await host.WorkerStatusAsync(first.AgentId) == WorkflowStatus.Faulted, "the first worker leases t1 and faults");
        Assert.AreEqual(SpawnStatuses.Queued, (await host.Get<SpawnStore>().FindAsync("b", CancellationToken.None))!.Status, "the dead worker still holds the only slot");

        CollectionAssert.AreEqual(new[] { first.AgentId }, (await reaper.ReapAsync()).ToArray());

        await host.WaitForAsync(async () => await host.WorkerStatusAsync(second.AgentId) == WorkflowStatus.Suspended, "the queued agent's worker starts");
        Assert.AreEqual(AgentStatuses.Stopped, (await host.Agents.FindAsync(first.AgentId))!.Status);
        Assert.AreEqual(first.AgentId, (await host.Queue.GetAsync("t1")).LeaseOwner, "the task is left to its lease's expiry");
        Assert.IsEmpty(await reaper.ReapAsync(), "a second pass changes nothing");
        Assert.AreEqual(1L, host.Scalar("SELECT COUNT(*) FROM spawn_requests WHERE status = 'started'"));
    }

    // Finishes after the worker, so that retention keeping the newest finished instance deletes the worker's.
    private const string Filler = """
        {
          "id": "filler-v1", "definitionId": "filler", "version": 1, "isPublished": true, "isLatest": true,
          "root": { "type": "Elsa.Flowchart", "id": "root", "activities": [ { "id": "start", "type": "Elsa.Start" } ], "connections": [] }
        }
        """;

    [TestMethod]
    public async Task A_worker_whose_ended_instance_retention_deleted_is_released_and_not_launched_again()
    {
        await using var host = await DistributionHost.OpenAsync(_folder, settings: new Dictionary<string, string?> { ["Coordination:MaxAgents"] = "1" },
            configure: s => s.AddFinishedInstanceRetention(r => r.KeepLast = 1));
        await host.Get<WorkflowDefinitionService>().ImportAsync(FaultingWorker);
        await host.Get<WorkflowDefinitionService>().ImportAsync(Filler);
        var first = await host.Spawner().SpawnAsync(new SpawnRequest("a", "implementer"));
        var second = await host.Spawner().SpawnAsync(new SpawnRequest("b", "implementer"));
        await host.EnqueueAsync("t1", "implementer");
        await host.WaitForAsync(async () => await host.WorkerStatusAsync(first.AgentId) == WorkflowStatus.Faulted, "the first worker leases t1 and faults");
        var filler = await host.Get<WorkflowRuntime>().StartAsync(await host.Get<WorkflowDefinitionService>().GetAsync("filler", VersionOptions.Published));
        Assert.AreEqual(WorkflowStatus.Finished, filler.Status);

        var swept = await host.Get<FinishedInstanceSweep>().SweepAsync();
        Assert.AreEqual(1, swept.Instances, "the real sweep deletes the worker's ended instance");
        Assert.IsNull(await host.WorkerStatusAsync(first.AgentId));

        // A resume (every release runs one) must not take the missing instance for a launch lost to a crash.
        await host.Spawner().ResumeAsync();
        await host.Get<WorkerLauncher>().DrainAsync();
        Assert.IsNull(await host.WorkerStatusAsync(first.AgentId), "the ended worker is not launched again");

        CollectionAssert.AreEqual(new[] { first.AgentId }, (await host.Get<EndedWorkerReaper>().ReapAsync()).ToArray(), "a missing instance counts as ended");
        await host.WaitForAsync(async () => await host.WorkerStatusAsync(second.AgentId) == WorkflowStatus.Suspended, "the queued agent's worker takes the slot");
        Assert.AreEqual(AgentStatuses.Stopped, (await host.Agents.FindAsync(first.AgentId))!.Status);
        Assert.AreEqual(SpawnStatuses.Stopped, (await host.Get<SpawnStore>().FindAsync("a", CancellationToken.None))!.Status);
        Assert.IsEmpty(await host.Get<EndedWorkerReaper>().ReapAsync(), "the live worker keeps its slot");
    }

    [TestMethod]
    public async Task A_spawn_is_marked_started_only_once_its_instance_is_stored_and_an_admitted_one_is_never_reaped()
    {
        await using var host = await SpawnHost.OpenAsync(_folder);
        var spawned = await host.Spawner().SpawnAsync(new SpawnRequest("a", "implementer"));
        Assert.AreEqual(SpawnStatuses.Started, spawned.Status);
        Assert.IsNotNull(await host.Get<IWorkflowInstanceStore>().FindAsync(spawned.InstanceId), "started means the instance is stored");

        // What a crash between admitting and launching leaves: an admitted request without an instance. It is not taken
        // for an ended worker; the next resume launches it.
        await host.Get<SpawnStore>().AdmitAsync(spawned with { RequestId = "b", AgentId = "implementer-b", InstanceId = "worker-implementer-b" }, 5, CancellationToken.None);
        Assert.IsEmpty(await host.Get<EndedWorkerReaper>().ReapAsync());
        await host.Spawner().ResumeAsync();
        await host.WaitForAsync(async () => await host.WorkerStatusAsync("implementer-b") == WorkflowStatus.Suspended, "the admitted worker is launched");
        Assert.AreEqual(SpawnStatuses.Started, (await host.Get<SpawnStore>().FindAsync("b", CancellationToken.None))!.Status);
        Assert.IsEmpty(await host.Get<EndedWorkerReaper>().ReapAsync(), "both workers wait for tasks");
    }
}
