using Agent.Activities.Coordination;
using Agent.Activities.Coordination.Messaging;
using Agent.Workflows;
using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;
using Agent.Workflows.Versioning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Activities.Tests.Coordination;

/// <summary>
/// The real engine and the message bus on SQLite files in one folder (<c>agent.db</c>, <c>coordination.db</c>). Two hosts
/// on one folder act like two processes; disposing one and opening another is a restart.
/// </summary>
internal sealed class MessagingHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private MessagingHost(string folder, IReadOnlyDictionary<string, string?>? settings, Func<IWorkflowInstanceStore, IWorkflowInstanceStore>? wrapStore)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Coordination:DatabasePath"] = "coordination.db",
        }.Concat(settings ?? new Dictionary<string, string?>())).Build();
        var services = new ServiceCollection();
        // The Database section (SQLite when empty) reaches the coordination database through the container's configuration.
        services.AddSingleton<IConfiguration>(configuration);
        // Registered first, so the persistence's TryAdd keeps it: the SQLite store seen through the test's wrapper.
        if (wrapStore is not null) services.AddSingleton(sp => wrapStore(sp.GetRequiredService<Agent.Workflows.Persistence.Sqlite.SqliteWorkflowInstanceStore>()));
        services.AddWorkflowEngine();
        services.AddWorkflowPersistence(o => o.DatabasePath = Path.Combine(folder, "agent.db"));
        services.AddCoordination(configuration.GetSection(CoordinationOptions.SectionName), folder);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public static async Task<MessagingHost> OpenAsync(string folder, IReadOnlyDictionary<string, string?>? settings = null, Func<IWorkflowInstanceStore, IWorkflowInstanceStore>? wrapStore = null)
    {
        var host = new MessagingHost(folder, settings, wrapStore);
        await host.Get<IWorkflowDatabaseInitializer>().InitializeAsync(CancellationToken.None);
        return host;
    }

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public WorkflowRuntime Runtime => Get<WorkflowRuntime>();
    public MessageBus Bus => Get<MessageBus>();
    public AgentRegistry Agents => Get<AgentRegistry>();
    public MessageStore Store => Get<MessageStore>();
    public MessageDispatcher Dispatcher => Get<MessageDispatcher>();

    /// <summary>Registers agents given as (id, role).</summary>
    public async Task RegisterAsync(params (string Id, string Role)[] agents)
    {
        foreach (var (id, role) in agents) await Agents.RegisterAsync(id, role, AgentStatuses.Idle);
    }

    /// <summary>Stores the definition and starts an instance of it.</summary>
    public async Task<WorkflowInstance> StartAsync(string json)
    {
        var stored = await Get<WorkflowDefinitionService>().StoreForRunAsync(json, "test", CancellationToken.None);
        return await Runtime.StartAsync(stored.Definition);
    }

    public async Task<WorkflowInstance> InstanceAsync(string id) => (await Get<IWorkflowInstanceStore>().FindAsync(id))!;

    public async ValueTask DisposeAsync()
    {
        await Dispatcher.DrainAsync();
        await _services.DisposeAsync();
    }
}

/// <summary>Workflow definitions that receive and send messages.</summary>
internal static class MessagingWorkflows
{
    private static string Text(string value) => $$"""{ "typeName": "String", "expression": { "type": "Literal", "value": "{{value}}" } }""";

    /// <summary>Start → ReceiveMessage(agent, type, correlation) → WriteLine("&lt;type&gt; from &lt;sender&gt;: &lt;payload as JSON&gt;"), <paramref name="count"/> times in a row.</summary>
    public static string Receiver(string agentId, string? type = null, string? correlationId = null, int count = 1, string id = "receiver")
    {
        var activities = new List<string> { """{ "id": "start", "type": "Elsa.Start" }""" };
        var connections = new List<string>();
        var previous = "start";
        for (var i = 0; i < count; i++)
        {
            activities.Add($$"""
                { "id": "recv{{i}}", "type": "Agent.ReceiveMessage", "agentId": {{Text(agentId)}}
                  {{(type is null ? "" : $", \"messageType\": {Text(type)}")}}{{(correlationId is null ? "" : $", \"correlationId\": {Text(correlationId)}")}} }
                """);
            activities.Add($$"""
                { "id": "say{{i}}", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "JavaScript",
                  "value": "const m = getOutputFrom('recv{{i}}', 'message'); return m.type + ' from ' + m.sender + ': ' + JSON.stringify(m.payload);" } } }
                """);
            connections.Add($$"""{ "source": { "activity": "{{previous}}", "port": "Done" }, "target": { "activity": "recv{{i}}", "port": "In" } }""");
            connections.Add($$"""{ "source": { "activity": "recv{{i}}", "port": "Done" }, "target": { "activity": "say{{i}}", "port": "In" } }""");
            previous = $"say{i}";
        }
        return $$"""
            {
              "id": "{{id}}-v1", "definitionId": "{{id}}", "version": 1, "isPublished": true, "isLatest": true,
              "root": { "type": "Elsa.Flowchart", "id": "root", "activities": [ {{string.Join(",\n", activities)}} ], "connections": [ {{string.Join(",\n", connections)}} ] }
            }
            """;
    }

    /// <summary>Start → SendMessage(type, sender, to, payload JSON text).</summary>
    public static string Sender(string type, string sender, string to, string payloadJson, string id = "sender") => $$"""
        {
          "id": "{{id}}-v1", "definitionId": "{{id}}", "version": 1, "isPublished": true, "isLatest": true,
          "root": {
            "type": "Elsa.Flowchart", "id": "root",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "send", "type": "Agent.SendMessage", "messageType": {{Text(type)}}, "sender": {{Text(sender)}}, "to": {{Text(to)}},
                "payload": { "typeName": "Object", "expression": { "type": "JavaScript", "value": "return {{payloadJson.Replace("\"", "\\\"")}};" } } }
            ],
            "connections": [ { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "send", "port": "In" } } ]
          }
        }
        """;
}
