using Agent.Activities.Approvals;
using Agent.Workflows;
using Agent.Workflows.Execution;
using Agent.Workflows.Model;
using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;
using Agent.Workflows.Versioning;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Activities.Tests.Approvals;

/// <summary>
/// The real engine on a SQLite file (or, given <see cref="DatabaseOptions"/> for PostgreSQL, on that database) with
/// approvals registered. Two hosts on one folder or database act like two processes sharing it; disposing one and
/// opening another is a restart.
/// </summary>
internal sealed class EngineHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private EngineHost(string folder, TimeProvider clock, Action<IServiceCollection>? configure, DatabaseOptions? database)
    {
        var services = new ServiceCollection();
        services.AddSingleton(clock);
        services.AddWorkflowEngine();
        services.AddWorkflowPersistence(o => o.DatabasePath = Path.Combine(folder, "agent.db"),
            database is null ? null : d => (d.Provider, d.ConnectionString) = (database.Provider, database.ConnectionString));
        services.AddApprovals(Path.Combine(folder, "agent.db"));
        configure?.Invoke(services);
        _services = services.BuildServiceProvider();
    }

    public static async Task<EngineHost> OpenAsync(string folder, TimeProvider? clock = null, Action<IServiceCollection>? configure = null, DatabaseOptions? database = null)
    {
        var host = new EngineHost(folder, clock ?? TimeProvider.System, configure, database);
        await host.Get<IWorkflowDatabaseInitializer>().InitializeAsync(CancellationToken.None);
        return host;
    }

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public WorkflowRuntime Runtime => Get<WorkflowRuntime>();

    public ApprovalService Approvals => Get<ApprovalService>();

    /// <summary>Stores the definition and starts an instance of it.</summary>
    public async Task<WorkflowInstance> StartAsync(string json, IReadOnlyDictionary<string, object?>? input = null)
    {
        var definitions = Get<WorkflowDefinitionService>();
        var stored = await definitions.StoreForRunAsync(json, "test", CancellationToken.None);
        return await Runtime.StartAsync(stored.Definition, new StartWorkflowOptions { Input = input });
    }

    public async Task<WorkflowInstance> InstanceAsync(string id) => (await Get<IWorkflowInstanceStore>().FindAsync(id))!;

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();
}

/// <summary>An approval workflow: HumanApproval, then a line per outcome.</summary>
internal static class ApprovalWorkflow
{
    public static string Json(string onExpiry = "Reject", string timeout = "01:00:00", int maxEscalations = 1) => $$"""
        {
          "id": "approval-test-v1", "definitionId": "approval-test", "version": 1, "isPublished": true, "isLatest": true,
          "root": {
            "type": "Elsa.Flowchart", "id": "root",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "approve", "type": "Agent.HumanApproval",
                "title": { "typeName": "String", "expression": { "type": "Literal", "value": "Merge fix for CalcTests" } },
                "summary": { "typeName": "String", "expression": { "type": "Literal", "value": "Fixes Calc.Add" } },
                "diffStat": { "typeName": "String", "expression": { "type": "Literal", "value": " src/Calc.cs | +1 -1" } },
                "riskReasons": { "typeName": "Object", "expression": { "type": "JavaScript", "value": "return ['the target is the agent\\'s own repository.'];" } },
                "timeout": { "typeName": "TimeSpan", "expression": { "type": "Literal", "value": "{{timeout}}" } },
                "onExpiry": { "typeName": "String", "expression": { "type": "Literal", "value": "{{onExpiry}}" } },
                "maxEscalations": { "typeName": "Int32", "expression": { "type": "Literal", "value": "{{maxEscalations}}" } } },
              { "id": "yes", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "JavaScript", "value": "return 'approved by ' + getOutputFrom('approve', 'decision').by;" } } },
              { "id": "no", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "rejected" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "approve", "port": "In" } },
              { "source": { "activity": "approve", "port": "Approved" }, "target": { "activity": "yes", "port": "In" } },
              { "source": { "activity": "approve", "port": "Rejected" }, "target": { "activity": "no", "port": "In" } }
            ]
          }
        }
        """;
}
