using Agent.Activities.Coordination;
using Agent.Activities.Coordination.Distribution;
using Agent.Activities.Coordination.Messaging;
using Agent.Workflows;
using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;
using Agent.Workflows.Versioning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Activities.Tests.Coordination.Distribution;

/// <summary>
/// The real engine and the task queue on SQLite files in one folder (<c>agent.db</c>, <c>coordination.db</c>), with a
/// clock the test may move by hand. Two hosts on one folder act like two processes; disposing one and opening another
/// is a restart.
/// </summary>
internal sealed class DistributionHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private DistributionHost(string folder, TimeProvider? clock, IReadOnlyDictionary<string, string?>? settings, Func<IWorkflowInstanceStore, IWorkflowInstanceStore>? wrapStore, Action<IServiceCollection>? configure)
    {
        Folder = folder;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Coordination:DatabasePath"] = "coordination.db",
            ["Coordination:LeaseTimeout"] = "00:01:00",
            ["Coordination:MaxAttempts"] = "3",
        }.Concat(settings ?? new Dictionary<string, string?>()).GroupBy(p => p.Key).Select(g => g.Last())).Build();
        var services = new ServiceCollection();
        // The Database section (SQLite when empty) reaches the coordination database through the container's configuration.
        services.AddSingleton<IConfiguration>(configuration);
        // Registered first, so the coordination's TryAdd keeps them.
        if (clock is not null) services.AddSingleton(clock);
        if (wrapStore is not null) services.AddSingleton(sp => wrapStore(sp.GetRequiredService<Agent.Workflows.Persistence.Sqlite.SqliteWorkflowInstanceStore>()));
        services.AddWorkflowEngine();
        services.AddWorkflowPersistence(o => o.DatabasePath = Path.Combine(folder, "agent.db"));
        services.AddCoordination(configuration.GetSection(CoordinationOptions.SectionName), folder);
        configure?.Invoke(services);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public string Folder { get; }

    public static async Task<DistributionHost> OpenAsync(string folder, TimeProvider? clock = null, IReadOnlyDictionary<string, string?>? settings = null, Func<IWorkflowInstanceStore, IWorkflowInstanceStore>? wrapStore = null, Action<IServiceCollection>? configure = null)
    {
        var host = new DistributionHost(folder, clock, settings, wrapStore, configure);
        await host.Get<IWorkflowDatabaseInitializer>().InitializeAsync(CancellationToken.None);
        return host;
    }

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public TaskQueue Queue => Get<TaskQueue>();
    public AgentRegistry Agents => Get<AgentRegistry>();
    public AgentCapabilities Capabilities => Get<AgentCapabilities>();
    public TaskDispatcher Dispatcher => Get<TaskDispatcher>();
    public WorkflowRuntime Runtime => Get<WorkflowRuntime>();

    /// <summary>Registers idle agents given as (id, role).</summary>
    public async Task RegisterAsync(params (string Id, string Role)[] agents)
    {
        foreach (var (id, role) in agents) await Agents.RegisterAsync(id, role, AgentStatuses.Idle);
    }

    /// <summary>Enqueues one task.</summary>
    public async Task<WorkTask> EnqueueAsync(string id, string role, string[]? capabilities = null, string payload = "{}", string kind = "subtask") =>
        (await Queue.EnqueueAsync([new TaskDraft { Id = id, Kind = kind, Role = role, Capabilities = capabilities, Payload = payload }])).Single().Task;

    /// <summary>A number straight from the coordination database (the file, or the PostgreSQL schema).</summary>
    public long Scalar(string sql)
    {
        using var connection = Get<CoordinationDatabase>().OpenAsync(CancellationToken.None).GetAwaiter().GetResult();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
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
        // A host whose options failed validation never built its dispatcher: nothing to drain.
        try { await Dispatcher.DrainAsync(); }
        catch (Microsoft.Extensions.Options.OptionsValidationException) { }
        await _services.DisposeAsync();
    }
}
