using System.Text.Json;
using Agent.Activities.Coordination;
using Agent.Activities.Coordination.Detection;
using Agent.Activities.Coordination.Distribution;
using Agent.Activities.Coordination.Messaging;
using Agent.Activities.Coordination.Spawning;
using Agent.Activities.Safety.Budgets;
using Agent.Workflows;
using Agent.Workflows.Persistence;
using Agent.Workflows.Versioning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Server.Tests.Coordination;

/// <summary>
/// The coordination's real components — engine, bus, task queue, spawner, the work queue's workspace source and the
/// detection sweep — on the databases of a <see cref="CliHarness"/> folder, so <c>agent incidents list</c> reads what the
/// scenario raised. Real git worktrees live in the same folder.
/// </summary>
internal sealed class DetectionScenarioHost : IAsyncDisposable
{
    // The spawner's worker: waits for a task, then releases its agent (no Claude: the scenarios need agents and their instances).
    private const string Worker = """
        {
          "id": "agent-worker-v1", "definitionId": "agent-worker", "version": 1, "isPublished": true, "isLatest": true,
          "root": {
            "type": "Elsa.Flowchart", "id": "root",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "lease", "type": "Agent.LeaseTask", "agentId": { "typeName": "String", "expression": { "type": "JavaScript", "value": "return getInput('AgentId');" } } },
              { "id": "release", "type": "Agent.ReleaseAgent", "agentId": { "typeName": "String", "expression": { "type": "JavaScript", "value": "return getInput('AgentId');" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "lease", "port": "In" } },
              { "source": { "activity": "lease", "port": "Done" }, "target": { "activity": "release", "port": "In" } }
            ]
          }
        }
        """;

    private readonly ServiceProvider _services;

    private DetectionScenarioHost(CliHarness cli, IReadOnlyDictionary<string, string?> settings)
    {
        Cli = cli;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Coordination:DatabasePath"] = Path.Combine(cli.Folder, ".data", "coordination.db"),
            ["Coordination:MaxAgents"] = "16",
        }.Concat(settings)).Build();
        var services = new ServiceCollection();
        services.AddSingleton(new SpendLedger(Path.Combine(cli.Folder, ".data", "spend.db")));
        services.AddWorkflowEngine();
        services.AddWorkflowPersistence(o => o.DatabasePath = cli.DatabasePath);
        services.AddCoordination(configuration.GetSection(CoordinationOptions.SectionName), cli.Folder);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public CliHarness Cli { get; }
    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();
    public AgentRegistry Agents => Get<AgentRegistry>();
    public MessageBus Bus => Get<MessageBus>();
    public TaskQueue Queue => Get<TaskQueue>();
    public ICoordinationControl Control => Get<ICoordinationControl>();

    public static async Task<DetectionScenarioHost> OpenAsync(CliHarness cli, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var host = new DetectionScenarioHost(cli, settings ?? new Dictionary<string, string?>());
        await host.Get<IWorkflowDatabaseInitializer>().InitializeAsync(CancellationToken.None);
        await host.Get<WorkflowDefinitionService>().ImportAsync(Worker);
        return host;
    }

    /// <summary>Spawns <paramref name="count"/> agents of <paramref name="role"/> through the real spawner; returns their ids.</summary>
    public async Task<List<string>> SpawnAsync(string prefix, int count, string role = "implementer", string? parent = null)
    {
        var ids = new List<string>();
        for (var i = 1; i <= count; i++) ids.Add((await Get<AgentSpawner>().SpawnAsync(new SpawnRequest($"{prefix}-{i}", role, parent))).AgentId);
        await Get<WorkerLauncher>().DrainAsync();
        return ids;
    }

    /// <summary>Enqueues a task for <paramref name="role"/> whose payload names <paramref name="cwd"/>, and leases it to <paramref name="agent"/>.</summary>
    public async Task LeaseAsync(string agent, string taskId, string cwd, string? baseCommit = null)
    {
        await Queue.EnqueueAsync([new TaskDraft { Id = taskId, Kind = "subtask", Role = "implementer", Payload = JsonSerializer.Serialize(new { cwd, baseCommit }) }]);
        var leased = await Queue.LeaseAsync(agent);
        Assert.AreEqual(taskId, leased?.Id, $"{agent} leases {taskId}");
    }

    /// <summary>One sweep over the workspaces the work queue knows, as <c>agent serve</c> runs it.</summary>
    public async Task<SweepResult> SweepAsync() =>
        await Get<DetectionSweep>().RunAsync(await Get<IAgentWorkspaceSource>().ListAsync(CancellationToken.None), CancellationToken.None);

    /// <summary><c>agent incidents list --json</c>: the incidents' (detector, agents) and the flags set.</summary>
    public async Task<(List<(string Detector, string[] Agents)> Incidents, List<string> Flags)> ListedAsync()
    {
        var listed = await Cli.RunAsync("incidents", "list", "--json");
        Assert.AreEqual(0, listed.ExitCode, listed.ToString());
        var json = listed.Json();
        var incidents = json.GetProperty("incidents").EnumerateArray()
            .Select(i => (i.GetProperty("detector").GetString()!, i.GetProperty("agents").EnumerateArray().Select(a => a.GetString()!).ToArray())).ToList();
        return (incidents, [.. json.GetProperty("flags").EnumerateArray().Select(f => f.GetProperty("name").GetString()!)]);
    }

    public async ValueTask DisposeAsync()
    {
        await Get<WorkerLauncher>().DrainAsync();
        await Get<TaskDispatcher>().DrainAsync();
        await Get<MessageDispatcher>().DrainAsync();
        await _services.DisposeAsync();
    }
}
