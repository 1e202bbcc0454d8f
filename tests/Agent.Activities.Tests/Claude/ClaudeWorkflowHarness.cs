using System.Text.Json.Nodes;
using Agent.Activities.Claude;
using Agent.ModelServer;
using Agent.ModelServer.Scripts;
using Agent.Workflows;
using Agent.Workflows.Execution;
using Agent.Workflows.Model;
using Agent.Workflows.Persistence;
using Agent.Workflows.Persistence.InMemory;
using Agent.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Activities.Tests.Claude;

/// <summary>
/// The real workflow engine (in-memory store) with the Claude runner and activities registered, pointed at a scripted
/// model server; a fresh HOME and working directory per test.
/// </summary>
internal sealed class ClaudeWorkflowHarness : IWorkflowVersionSource, IAsyncDisposable
{
    private readonly Dictionary<string, WorkflowDefinition> _definitions = new(StringComparer.Ordinal);
    private readonly ServiceProvider _services;
    private readonly string _root;

    private ClaudeWorkflowHarness(ScriptedModelServer server, Uri url, Action<ClaudeCliOptions>? configure, Action<IServiceCollection, string>? addServices)
    {
        Server = server;
        _root = TempFolder.Create("agent-activity-tests");
        Home = Directory.CreateDirectory(Path.Combine(_root, "home")).FullName;
        WorkingDirectory = Directory.CreateDirectory(Path.Combine(_root, "work")).FullName;
        var services = new ServiceCollection();
        services.AddWorkflowEngine();
        services.AddSingleton<IWorkflowInstanceStore>(new InMemoryWorkflowInstanceStore());
        services.AddSingleton<IWorkflowVersionSource>(this);
        services.AddClaudeRunner(o =>
        {
            o.BaseUrl = url.ToString();
            o.ApiKey = "sk-test-secret-key-123";
            o.MaxAttempts = 1;
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(20);
            o.DefaultTimeout = TimeSpan.FromSeconds(40);
            configure?.Invoke(o);
        });
        services.AddClaudeActivities();
        services.AddClaudeJobs(o => o.DatabasePath = Path.Combine(_root, "jobs.db"));
        addServices?.Invoke(services, _root);
        _services = services.BuildServiceProvider();
        Runtime = _services.GetRequiredService<WorkflowRuntime>();
    }

    public ScriptedModelServer Server { get; }
    public WorkflowRuntime Runtime { get; }
    public IServiceProvider Services => _services;
    public string Home { get; }
    public string WorkingDirectory { get; }

    /// <param name="scriptJson">The scripted model's script.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <param name="configure">Changes to the runner's options.</param>
    /// <param name="addServices">More services (e.g. the cycle's), given this harness's temp folder for their files.</param>
    public static async Task<ClaudeWorkflowHarness> StartAsync(
        string scriptJson, CancellationToken cancellationToken, Action<ClaudeCliOptions>? configure = null, Action<IServiceCollection, string>? addServices = null)
    {
        var server = new ScriptedModelServer(ScriptLoader.Parse(scriptJson));
        var url = await server.StartAsync(cancellationToken);
        return new ClaudeWorkflowHarness(server, url, configure, addServices);
    }

    public Task<WorkflowDefinition?> FindVersionAsync(string versionId, CancellationToken cancellationToken) =>
        Task.FromResult(_definitions.GetValueOrDefault(versionId));

    /// <summary>Runs <paramref name="json"/> until it finishes, faults or suspends.</summary>
    public Task<WorkflowInstance> RunAsync(string json, CancellationToken cancellationToken) => Runtime.StartAsync(Define(json), null, cancellationToken);

    /// <summary>Makes the definition of <paramref name="json"/> known here without running it (another replica started its instance).</summary>
    public WorkflowDefinition Define(string json)
    {
        var definition = WorkflowDefinitionReader.Parse(json);
        _definitions[definition.Id] = definition;
        return definition;
    }

    /// <summary>A ClaudeExecute node in this harness's cwd and HOME, with the given extra inputs.</summary>
    // MCP_TIMEOUT: an MCP server started by Claude Code on a loaded 2-core machine can take longer than the CLI's default
    // start-up wait, and the init event then reports it "failed".
    public JsonObject Execute(string id, params (string Name, JsonNode? Value)[] inputs) =>
        Wf.Activity(id, "Agent.ClaudeExecute",
            [("cwd", Wf.Lit(WorkingDirectory)), ("environment", Wf.Lit($$"""{"HOME": "{{Home}}", "MCP_TIMEOUT": "600000"}""", "ObjectMap")), .. inputs]);

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Server.DisposeAsync();
        TempFolder.Delete(_root);
    }
}

/// <summary>Builds definition JSON in Elsa 3's shape, so the definition reader is part of what is tested.</summary>
internal static class Wf
{
    public static JsonObject Lit(object? value, string typeName = "String") =>
        new() { ["typeName"] = typeName, ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = JsonValue.Create(value) } };

    public static JsonObject Js(string script, string typeName = "Object") =>
        new() { ["typeName"] = typeName, ["expression"] = new JsonObject { ["type"] = "JavaScript", ["value"] = script } };

    public static JsonObject Activity(string id, string type, params (string Name, JsonNode? Value)[] inputs)
    {
        var node = new JsonObject { ["id"] = id, ["nodeId"] = id, ["type"] = type, ["version"] = 1, ["name"] = id };
        foreach (var (name, value) in inputs) node[name] = value;
        return node;
    }

    public static JsonObject Start(string id = "start") => Activity(id, "Elsa.Start");

    public static JsonObject WriteLine(string id, string script) => Activity(id, "Elsa.WriteLine", ("text", Js(script, "String")));

    public static JsonObject Connect(string from, string to, string port = "Done") =>
        new() { ["source"] = new JsonObject { ["activity"] = from, ["port"] = port }, ["target"] = new JsonObject { ["activity"] = to, ["port"] = "In" } };

    public static string Flowchart(IEnumerable<JsonObject> activities, IEnumerable<JsonObject> connections) => new JsonObject
    {
        ["id"] = "claude-v1", ["definitionId"] = "claude", ["name"] = "claude", ["version"] = 1, ["isPublished"] = true, ["isLatest"] = true,
        ["variables"] = new JsonArray(),
        ["root"] = new JsonObject
        {
            ["id"] = "root", ["nodeId"] = "root", ["type"] = "Elsa.Flowchart", ["version"] = 1,
            ["activities"] = new JsonArray([.. activities]), ["connections"] = new JsonArray([.. connections]),
        },
    }.ToJsonString();
}
