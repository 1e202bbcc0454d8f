using Agent.Workflows.Execution;
using Agent.Workflows.Model;
using Agent.Workflows.Persistence;
using Agent.Workflows.Persistence.InMemory;
using Agent.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Workflows.Tests.Engine;

/// <summary>The real engine with an in-memory (or given) store; definitions are kept in a dictionary by version id.</summary>
internal sealed class TestEngine : IWorkflowVersionSource
{
    private readonly Dictionary<string, WorkflowDefinition> _definitions = new();

    public TestEngine(IWorkflowInstanceStore? store = null, Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddWorkflowEngine();
        services.AddSingleton<IWorkflowInstanceStore>(store ?? new InMemoryWorkflowInstanceStore());
        services.AddSingleton<IWorkflowVersionSource>(this);
        services.AddActivity<FlakyActivity>();
        services.AddSingleton<FlakyCounter>();
        configure?.Invoke(services);
        Services = services.BuildServiceProvider();
        Runtime = Services.GetRequiredService<WorkflowRuntime>();
        Store = Services.GetRequiredService<IWorkflowInstanceStore>();
    }

    public IServiceProvider Services { get; }
    public WorkflowRuntime Runtime { get; }
    public IWorkflowInstanceStore Store { get; }

    public Task<WorkflowDefinition?> FindVersionAsync(string versionId, CancellationToken cancellationToken) =>
        Task.FromResult(_definitions.GetValueOrDefault(versionId));

    public WorkflowDefinition Load(string json)
    {
        var definition = WorkflowDefinitionReader.Parse(json);
        _definitions[definition.Id] = definition;
        return definition;
    }

    public Task<WorkflowInstance> StartAsync(string json, StartWorkflowOptions? options = null) => Runtime.StartAsync(Load(json), options);

    /// <summary>Like Elsa's test harness: starts, then resumes every waiting bookmark until the instance ends.</summary>
    public async Task<WorkflowInstance> RunUntilEndAsync(string json)
    {
        var instance = await StartAsync(json);
        for (var round = 0; instance.Status == WorkflowStatus.Suspended && round < 100; round++)
            foreach (var b in instance.State.Bookmarks.ToList())
                instance = await Runtime.ResumeAsync(b.Id);
        return instance;
    }
}
