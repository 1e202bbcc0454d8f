using Agent.Activities.Claude;
using Agent.Activities.Safety.Redaction;
using Agent.ModelServer;
using Agent.ModelServer.Scripts;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Tests.Claude;

/// <summary>Collects progress synchronously, in the order the runner reports it (Progress&lt;T&gt; would reorder).</summary>
internal sealed class EventRecorder(Action<ClaudeEvent>? onEvent = null) : IProgress<ClaudeEvent>
{
    private readonly List<ClaudeEvent> _events = [];

    public IReadOnlyList<ClaudeEvent> Events
    {
        get { lock (_events) return [.. _events]; }
    }

    public void Report(ClaudeEvent value)
    {
        lock (_events) _events.Add(value);
        onEvent?.Invoke(value);
    }
}

/// <summary>A scripted model server, a fresh HOME and cwd, a SQLite run log, and a runner wired to them.</summary>
internal sealed class RunnerSandbox : IAsyncDisposable
{
    private readonly string _root;
    private readonly ClaudeConcurrencyLimiter _gate;
    private readonly ClaudeCliOptions _options;

    private RunnerSandbox(ScriptedModelServer server, ClaudeCliOptions options, string root)
    {
        Server = server;
        _root = root;
        Home = Directory.CreateDirectory(Path.Combine(root, "home")).FullName;
        WorkingDirectory = Directory.CreateDirectory(Path.Combine(root, "work")).FullName;
        Log = new ClaudeRunLog(Path.Combine(root, "runs.db"));
        _gate = new ClaudeConcurrencyLimiter(Options.Create(options));
        _options = options;
        Runner = new ClaudeRunner(Options.Create(options), _gate, Log, new SecretRedactor());
    }

    public ScriptedModelServer Server { get; }

    /// <summary>A runner like <see cref="Runner"/> that also runs under <paramref name="resources"/> and asks <paramref name="spend"/>.</summary>
    public ClaudeRunner RunnerWith(Agent.Activities.Safety.Limits.ResourceLimiter? resources, IClaudeSpendGate? spend) =>
        new(Options.Create(_options), _gate, Log, new SecretRedactor(), null, resources, spend);

    /// <summary>A runner like <see cref="Runner"/> that reports every run's phase profile to <paramref name="observer"/>.</summary>
    public ClaudeRunner RunnerWith(IClaudeRunObserver observer) =>
        new(Options.Create(_options), _gate, Log, new SecretRedactor(), observer: observer);

    public string Home { get; }

    public string WorkingDirectory { get; }

    public ClaudeRunLog Log { get; }

    public ClaudeRunner Runner { get; }

    public static async Task<RunnerSandbox> StartAsync(string scriptJson, CancellationToken cancellationToken, Action<ClaudeCliOptions>? configure = null)
    {
        var server = new ScriptedModelServer(ScriptLoader.Parse(scriptJson));
        var url = await server.StartAsync(cancellationToken);
        var options = new ClaudeCliOptions
        {
            BaseUrl = url.ToString(),
            ApiKey = "sk-test-secret-key-123",
            MaxAttempts = 3,
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
            DefaultTimeout = TimeSpan.FromSeconds(40),
        };
        configure?.Invoke(options);
        return new RunnerSandbox(server, options, TempFolder.Create("agent-runner-tests"));
    }

    /// <summary>A request in this sandbox's cwd and HOME.</summary>
    public ClaudeRunRequest Request(string prompt) => new()
    {
        Prompt = prompt,
        WorkingDirectory = WorkingDirectory,
        Environment = new Dictionary<string, string> { ["HOME"] = Home },
    };

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Log.Dispose();
        _gate.Dispose();
        TempFolder.Delete(_root);
    }
}
