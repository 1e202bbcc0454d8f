using Agent.Activities.Guards;
using Agent.Activities.Claude;
using Agent.Activities.Cycle;
using Agent.ModelServer;
using Agent.ModelServer.Scripts;
using Agent.Workflows;
using Agent.Workflows.Execution;
using Agent.Workflows.Model;
using Agent.Workflows.Persistence;
using Agent.Workflows.Persistence.InMemory;
using Agent.Workflows.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Activities.Tests.Cycle;

/// <summary>
/// The real engine with the cycle's activities and ClaudeExecute, the real Claude CLI pointed at a scripted model
/// server, and the cycle's SQLite store in a temp folder; a fresh HOME per test.
/// </summary>
internal sealed class CycleWorkflowHarness : IWorkflowVersionSource, IAsyncDisposable
{
    private readonly Dictionary<string, WorkflowDefinition> _definitions = new(StringComparer.Ordinal);
    private readonly ServiceProvider _services;
    private readonly string _root;

    private CycleWorkflowHarness(ScriptedModelServer server, Uri url)
    {
        Server = server;
        _root = Path.Combine(Path.GetTempPath(), "agent-cycle-workflow", Guid.NewGuid().ToString("N"));
        Home = Directory.CreateDirectory(Path.Combine(_root, "home")).FullName;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cycle:DatabasePath"] = Path.Combine(_root, "cycle.db"),
            ["Assessment:CheckDependencies"] = "false",
            ["Guards:MaxAttemptsPerGap"] = "100",
        }).Build();
        var services = new ServiceCollection();
        services.AddWorkflowEngine();
        services.AddSingleton<IWorkflowInstanceStore>(new InMemoryWorkflowInstanceStore());
        services.AddSingleton<IWorkflowVersionSource>(this);
        services.AddClaudeRunner(o =>
        {
            o.BaseUrl = url.ToString();
            o.ApiKey = "sk-test-secret-key-123";
            o.MaxAttempts = 1;
            o.DefaultTimeout = TimeSpan.FromSeconds(90);
        });
        services.AddClaudeActivities();
        services.AddImprovementCycle(configuration, SampleRepository.AgentRoot);
        services.AddGuards(configuration.GetSection(GuardOptions.SectionName), Path.Combine(_root, "agent.db"), _root);
        _services = services.BuildServiceProvider();
        Runtime = _services.GetRequiredService<WorkflowRuntime>();
    }

    public ScriptedModelServer Server { get; }

    public WorkflowRuntime Runtime { get; }

    public IServiceProvider Services => _services;

    public string Home { get; }

    public static async Task<CycleWorkflowHarness> StartAsync(string scriptJson, CancellationToken cancellationToken)
    {
        var server = new ScriptedModelServer(ScriptLoader.Parse(scriptJson));
        var url = await server.StartAsync(cancellationToken);
        return new CycleWorkflowHarness(server, url);
    }

    public Task<WorkflowDefinition?> FindVersionAsync(string versionId, CancellationToken cancellationToken) =>
        Task.FromResult(_definitions.GetValueOrDefault(versionId));

    public Task<WorkflowInstance> RunAsync(string json, CancellationToken cancellationToken)
    {
        var definition = WorkflowDefinitionReader.Parse(json);
        _definitions[definition.Id] = definition;
        return Runtime.StartAsync(definition, null, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A straggler may hold a file; the OS cleans temp eventually.
        }
    }
}
