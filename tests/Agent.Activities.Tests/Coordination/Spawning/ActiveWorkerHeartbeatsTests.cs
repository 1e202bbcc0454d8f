using Agent.Activities.Coordination.Distribution;
using Agent.Activities.Coordination.Spawning;
using Agent.Activities.Tests.Coordination.Distribution;
using Agent.Workflows;
using Agent.Workflows.Activities;
using Agent.Workflows.Execution;
using Agent.Workflows.Versioning;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Activities.Tests.Coordination.Spawning;

/// <summary>ActiveWorkerHeartbeats on the real engine and SQLite: a worker busy in this process keeps its lease, a holder without one loses it.</summary>
[TestClass]
[TestCategory("Slow")]
public sealed class ActiveWorkerHeartbeatsTests
{
    // Start → LeaseTask(AgentId) → Test.HoldWork (a long Claude run stand-in) → ReleaseAgent.
    private const string HoldingWorker = """
        {
          "id": "agent-worker-v1", "definitionId": "agent-worker", "version": 1, "isPublished": true, "isLatest": true,
          "root": {
            "type": "Elsa.Flowchart", "id": "root",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "lease", "type": "Agent.LeaseTask", "agentId": { "typeName": "String", "expression": { "type": "JavaScript", "value": "return getInput('AgentId');" } } },
              { "id": "work", "type": "Test.HoldWork" },
              { "id": "release", "type": "Agent.ReleaseAgent", "agentId": { "typeName": "String", "expression": { "type": "JavaScript", "value": "return getInput('AgentId');" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "lease", "port": "In" } },
              { "source": { "activity": "lease", "port": "Done" }, "target": { "activity": "work", "port": "In" } },
              { "source": { "activity": "work", "port": "Done" }, "target": { "activity": "release", "port": "In" } }
            ]
          }
        }
        """;

    private string _folder = null!;

    public TestContext TestContext { get; set; } = null!;

    [TestInitialize]
    public void CreateFolder() => _folder = TempFolder.Create("agent-heartbeat-tests");

    [TestCleanup]
    public void DeleteFolder() => TempFolder.Delete(_folder);

    [TestMethod]
    public async Task A_worker_running_here_keeps_its_lease_past_the_timeout_and_a_holder_without_one_loses_it()
    {
        var gate = new HoldGate();
        await using var host = await DistributionHost.OpenAsync(_folder, settings: new Dictionary<string, string?> { ["Coordination:LeaseTimeout"] = "00:00:01" },
            configure: s => s.AddSingleton(gate).AddActivity<HoldWork>());
        await host.Get<WorkflowDefinitionService>().ImportAsync(HoldingWorker);
        var worker = await host.Spawner().SpawnAsync(new SpawnRequest("busy", "implementer"));
        await host.RegisterAsync(("idle-holder", "implementer"));
        await host.WaitForAsync(async () => await host.WorkerStatusAsync(worker.AgentId) == Agent.Workflows.Runtime.WorkflowStatus.Suspended, "the worker waits for a task");
        // The enqueue resumes the waiting worker in line, so it returns only when the worker's run ends.
        var enqueue = host.EnqueueAsync("busy-task", "implementer");
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await host.EnqueueAsync("idle-task", "implementer");
        Assert.AreEqual("idle-task", (await host.Queue.LeaseAsync("idle-holder"))!.Id);
        var heartbeats = host.Get<ActiveWorkerHeartbeats>();

        // Three lease timeouts pass while the sweep beats every 300 ms.
        var until = DateTime.UtcNow.AddSeconds(3);
        while (DateTime.UtcNow < until)
        {
            var beaten = await heartbeats.BeatAsync();
            var tasks = await host.Queue.ListAsync(null);
            CollectionAssert.AreEqual(new[] { "busy-task" }, beaten.ToArray(),
                $"only the task of the worker running here; active: {string.Join(",", host.Runtime.ActiveInstanceIds)}; tasks: {string.Join("; ", tasks.Select(t => $"{t.Id} {t.Status} {t.LeaseOwner}"))}");
            await Task.Delay(300);
        }
        var expired = await host.Queue.ExpireLeasesAsync();

        CollectionAssert.AreEqual(new[] { "idle-task" }, expired.Select(e => e.TaskId).ToArray(), "the holder nothing runs for loses its lease");
        var busy = await host.Queue.GetAsync("busy-task");
        Assert.AreEqual((TaskStatuses.Leased, worker.AgentId, 1), (busy.Status, busy.LeaseOwner, busy.Attempts));

        gate.Release.SetResult();
        await enqueue;
        await host.WaitForAsync(async () => await host.WorkerStatusAsync(worker.AgentId) == Agent.Workflows.Runtime.WorkflowStatus.Finished, "the worker ends");
        Assert.IsEmpty(await heartbeats.BeatAsync(), "a worker that ended is not kept alive");
    }

    /// <summary>The test's hold on <see cref="HoldWork"/>: it says when the work began and ends it when released.</summary>
    internal sealed class HoldGate
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Stands in for a long Claude run: blocks its instance (active in the runtime) until the test releases it.</summary>
    [Activity("Test", "Test", "Holds the instance until the test releases it.")]
    internal sealed class HoldWork : IActivity
    {
        public async ValueTask ExecuteAsync(ActivityExecutionContext context)
        {
            var gate = context.GetRequiredService<HoldGate>();
            gate.Entered.TrySetResult();
            await gate.Release.Task.WaitAsync(TimeSpan.FromSeconds(60), context.CancellationToken);
        }
    }
}
