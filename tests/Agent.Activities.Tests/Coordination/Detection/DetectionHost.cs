using Agent.Activities.Coordination;
using Agent.Activities.Coordination.Detection;
using Agent.Activities.Coordination.Messaging;
using Agent.Activities.Safety.Budgets;
using Agent.Activities.Tests.Safety.Oversight;
using Agent.Workflows;
using Agent.Workflows.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Activities.Tests.Coordination.Detection;

/// <summary>
/// The engine, the message bus and detection on real SQLite files in one folder (agent.db, coordination.db, spend.db),
/// with a clock the test moves and a sink that keeps the published safety events (when <c>withSink</c>).
/// </summary>
internal sealed class DetectionHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private DetectionHost(string folder, IReadOnlyDictionary<string, string?>? settings, ManualClock clock, bool withSink)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Coordination:DatabasePath"] = "coordination.db",
        }.Concat(settings ?? new Dictionary<string, string?>())).Build();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(new SpendLedger(Path.Combine(folder, "spend.db")));
        if (withSink) services.AddSingleton<Agent.Activities.Safety.Events.ISafetyEventSink>(Sink);
        services.AddWorkflowEngine();
        services.AddWorkflowPersistence(o => o.DatabasePath = Path.Combine(folder, "agent.db"));
        services.AddCoordination(configuration.GetSection(CoordinationOptions.SectionName), folder);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        Clock = clock;
    }

    /// <summary>A start time on a whole minute, far from any real charge.</summary>
    public static DateTimeOffset Start { get; } = new(2026, 12, 6, 6, 0, 0, TimeSpan.Zero);

    public static async Task<DetectionHost> OpenAsync(string folder, IReadOnlyDictionary<string, string?>? settings = null, ManualClock? clock = null, bool withSink = true)
    {
        var host = new DetectionHost(folder, settings, clock ?? new ManualClock(Start), withSink);
        await host.Get<IWorkflowDatabaseInitializer>().InitializeAsync(CancellationToken.None);
        return host;
    }

    public ManualClock Clock { get; }
    public RecordingSafetyEventSink Sink { get; } = new();
    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();
    public AgentRegistry Agents => Get<AgentRegistry>();
    public MessageBus Bus => Get<MessageBus>();
    public DetectionSweep Sweep => Get<DetectionSweep>();
    public CoordinationIncidentStore Incidents => Get<CoordinationIncidentStore>();
    public ICoordinationControl Control => Get<ICoordinationControl>();

    /// <summary>The one detector called <paramref name="name"/>.</summary>
    public IEmergentBehaviourDetector Detector(string name) => _services.GetServices<IEmergentBehaviourDetector>().Single(d => d.Name == name);

    /// <summary>Runs one detector alone, as the sweep would, over <paramref name="workspaces"/>.</summary>
    public Task<IReadOnlyList<DetectionFinding>> DetectAsync(string name, params AgentWorkspace[] workspaces) =>
        Detector(name).DetectAsync(new DetectionContext(Clock.GetUtcNow(), workspaces), CancellationToken.None);

    /// <summary>Registers agents given as (id, status).</summary>
    public async Task RegisterAsync(params (string Id, string Status)[] agents)
    {
        foreach (var (id, status) in agents) await Agents.RegisterAsync(id, "implementer", status);
    }

    /// <summary>Sends a message of <paramref name="type"/> with <paramref name="payload"/> (JSON) from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public async Task<string> SendAsync(string type, string from, string to, string payload, string? correlationId = null) =>
        (await Bus.SendAsync(new MessageDraft { Type = type, Sender = from, To = to, Payload = payload, CorrelationId = correlationId })).Message.Id;

    public async ValueTask DisposeAsync()
    {
        await Get<MessageDispatcher>().DrainAsync();
        await _services.DisposeAsync();
    }
}
