using Agent.Activities.Coordination.Spawning;
using Agent.Activities.Tests.Coordination.Distribution;
using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;
using Agent.Workflows.Versioning;

namespace Agent.Activities.Tests.Coordination.Spawning;

/// <summary>A <see cref="DistributionHost"/> with a test worker definition imported and helpers to wait for spawned workers.</summary>
internal static class SpawnHost
{
    private const string AgentInput = """{ "typeName": "String", "expression": { "type": "JavaScript", "value": "return getInput('AgentId');" } }""";

    /// <summary>
    /// The test worker (definition <c>agent-worker</c>): Start → LeaseTask(AgentId) → ReleaseAgent(AgentId). It waits until
    /// a task for its agent arrives, then ends as a real worker does, freeing its slot.
    /// </summary>
    public static readonly string Worker = $$"""
        {
          "id": "agent-worker-v1", "definitionId": "agent-worker", "version": 1, "isPublished": true, "isLatest": true,
          "root": {
            "type": "Elsa.Flowchart", "id": "root",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "lease", "type": "Agent.LeaseTask", "agentId": {{AgentInput}} },
              { "id": "release", "type": "Agent.ReleaseAgent", "agentId": {{AgentInput}} }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "lease", "port": "In" } },
              { "source": { "activity": "lease", "port": "Done" }, "target": { "activity": "release", "port": "In" } }
            ]
          }
        }
        """;

    public static async Task<DistributionHost> OpenAsync(string folder, IReadOnlyDictionary<string, string?>? settings = null, bool importWorker = true)
    {
        var host = await DistributionHost.OpenAsync(folder, settings: settings);
        if (importWorker) await host.Get<WorkflowDefinitionService>().ImportAsync(Worker);
        return host;
    }

    public static AgentSpawner Spawner(this DistributionHost host) => host.Get<AgentSpawner>();

    /// <summary>Waits (up to 20 s) until <paramref name="condition"/> holds, draining the background launches and dispatches.</summary>
    public static async Task WaitForAsync(this DistributionHost host, Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            await host.Get<WorkerLauncher>().DrainAsync();
            await host.Dispatcher.DrainAsync();
            if (await condition()) return;
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out waiting until {what}.");
            await Task.Delay(50);
        }
    }

    /// <summary>The worker instance's status, or null when none was stored.</summary>
    public static async Task<WorkflowStatus?> WorkerStatusAsync(this DistributionHost host, string agentId) =>
        (await host.Get<IWorkflowInstanceStore>().FindAsync(AgentSpawner.InstanceIdFor(agentId)))?.Status;
}
