using System.Text.Json.Nodes;
using Agent.Workflows.Descriptors;
using Agent.Workflows.Model;
using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;
using Agent.Workflows.Versioning;
using Microsoft.Extensions.DependencyInjection;
using static Agent.Workflows.Tests.Engine.Def;

namespace Agent.Workflows.Tests.Engine;

/// <summary>
/// The engine with SQLite persistence in a temp folder (or on a PostgreSQL database), as the server runs it: definitions
/// are stored and published.
/// </summary>
internal sealed class WorkflowHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly string _dir;
    private readonly bool _ownsDirectory;

    private WorkflowHost(string dir, ServiceProvider provider, bool ownsDirectory) { _dir = dir; _provider = provider; _ownsDirectory = ownsDirectory; }

    public static async Task<WorkflowHost> StartAsync(string? directory = null, Action<IServiceCollection>? configure = null)
    {
        var dir = directory ?? System.IO.Directory.CreateTempSubdirectory("agent-waa-").FullName;
        var services = new ServiceCollection().AddWorkflowEngine().AddWorkflowPersistence(o => o.DatabasePath = Path.Combine(dir, "w.db"));
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IWorkflowDatabaseInitializer>().InitializeAsync();
        return new WorkflowHost(dir, provider, ownsDirectory: directory is null);
    }

    /// <summary>A host on the PostgreSQL database of <paramref name="connectionString"/>, as one replica of a cluster runs.</summary>
    public static async Task<WorkflowHost> StartPostgreSqlAsync(string connectionString, Action<IServiceCollection>? configure = null)
    {
        var dir = System.IO.Directory.CreateTempSubdirectory("agent-pg-host-").FullName;
        var services = new ServiceCollection().AddWorkflowEngine()
            .AddWorkflowPersistence(database: d => (d.Provider, d.ConnectionString) = (DatabaseProvider.PostgreSql, connectionString));
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider();
        try
        {
            await provider.GetRequiredService<IWorkflowDatabaseInitializer>().InitializeAsync();
        }
        catch
        {
            await provider.DisposeAsync();
            System.IO.Directory.Delete(dir, recursive: true);
            throw;
        }
        return new WorkflowHost(dir, provider, ownsDirectory: true);
    }

    public string Directory => _dir;
    public IServiceProvider Services => _provider;
    public WorkflowDefinitionService Definitions => _provider.GetRequiredService<WorkflowDefinitionService>();
    public WorkflowRuntime Runtime => _provider.GetRequiredService<WorkflowRuntime>();
    public IWorkflowInstanceStore Instances => _provider.GetRequiredService<IWorkflowInstanceStore>();
    public ActivityRegistry Registry => _provider.GetRequiredService<ActivityRegistry>();

    /// <summary>Saves and publishes a definition.</summary>
    public async Task<WorkflowDefinition> PublishAsync(JsonObject definition)
    {
        var draft = await Definitions.SaveDraftAsync(WorkflowDefinitionReader.Parse(definition.ToJsonString()));
        return await Definitions.PublishAsync(draft.DefinitionId);
    }

    public async Task<WorkflowInstance> StartAsync(string definitionId, StartWorkflowOptions? options = null) =>
        await Runtime.StartAsync(await Definitions.GetAsync(definitionId, VersionOptions.Published), options);

    /// <summary>A definition in Elsa's JSON; <paramref name="shape"/> adds inputs, outputs, outcomes, options.</summary>
    public static JsonObject Workflow(string id, IEnumerable<JsonObject> activities, IEnumerable<JsonObject> connections, bool usableAsActivity = false,
        IEnumerable<JsonObject>? variables = null)
    {
        var json = JsonNode.Parse(Flowchart(activities, connections, variables, id))!.AsObject();
        json.Remove("id");
        json["options"] = new JsonObject { ["usableAsActivity"] = usableAsActivity };
        return json;
    }

    public static JsonObject Parameter(string name, string type = "String") => new() { ["name"] = name, ["type"] = type, ["displayName"] = name };

    /// <summary>A node using workflow <paramref name="definitionId"/> as an activity, as the Studio writes it.</summary>
    public static JsonObject Use(string id, string type, string definitionId, params (string Name, JsonNode? Value)[] properties)
    {
        var node = A(id, type, properties);
        node["workflowDefinitionId"] = definitionId;
        return node;
    }

    public static JsonObject Capture(string variableId) => new() { ["typeName"] = "Object", ["memoryReference"] = new JsonObject { ["id"] = variableId } };

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!_ownsDirectory) return;
        try { System.IO.Directory.Delete(_dir, recursive: true); } catch (IOException) { /* a pooled handle lingers; the temp folder is cleaned later */ }
    }
}
