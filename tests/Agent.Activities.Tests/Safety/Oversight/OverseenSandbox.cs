using Agent.Activities.Safety.Redaction;
using Agent.Activities.Claude;
using Agent.Activities.Safety.Oversight;
using Agent.Activities.Safety.Policy;
using Agent.ModelServer;
using Agent.ModelServer.Scripts;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Tests.Safety.Oversight;

/// <summary>
/// The real Claude CLI against a scripted model, run by a <see cref="ClaudeRunner"/> under oversight (broker, bash hook
/// client) deciding by the REAL policy: a <see cref="PolicyProvider"/> with the built-in policy and no operator file, so
/// the adversarial tests prove that what ships stops the attacks (not a stand-in written to pass them). Layout:
/// <c>root/work</c> is the worktree, <c>root/home</c> the run's HOME, <c>root/outside</c> a folder beside the worktree
/// nothing may touch.
/// </summary>
internal sealed class OverseenSandbox : IAsyncDisposable
{
    private readonly string _root;
    private readonly ClaudeConcurrencyLimiter _gate;

    private OverseenSandbox(ScriptedModelServer server, ClaudeCliOptions options, string root, OversightOptions oversightOptions)
    {
        Server = server;
        _root = root;
        Home = Directory.CreateDirectory(Path.Combine(root, "home")).FullName;
        WorkingDirectory = Directory.CreateDirectory(Path.Combine(root, "work")).FullName;
        Outside = Directory.CreateDirectory(Path.Combine(root, "outside")).FullName;
        Log = new ClaudeRunLog(Path.Combine(root, "runs.db"));
        _gate = new ClaudeConcurrencyLimiter(Options.Create(options));
        Broker = new ToolCallBroker(new ToolCallDecider(new SecretRedactor(), Sink), Options.Create(oversightOptions));
        // The operator's file is a path that never exists (inside the sandbox), so only the built-in policy (and a target's
        // agent.policy.yaml, when a test writes one) decides.
        var parser = new PolicyFileParser();
        Policy = new PolicyProvider(new BuiltInPolicy(parser), parser, Options.Create(new PolicyOptions { Path = Path.Combine(root, "no-operator-policy.yaml") }));
        var oversight = new ToolCallOversight(Broker, Policy, Options.Create(oversightOptions));
        Runner = new ClaudeRunner(Options.Create(options), _gate, Log, new SecretRedactor(), oversight: oversight);
    }

    public ScriptedModelServer Server { get; }
    public string Home { get; }
    public string WorkingDirectory { get; }
    public string Outside { get; }
    public ClaudeRunLog Log { get; }
    public PolicyProvider Policy { get; }
    public RecordingSafetyEventSink Sink { get; } = new();
    public ToolCallBroker Broker { get; }
    public ClaudeRunner Runner { get; }

    public static async Task<OverseenSandbox> StartAsync(string scriptJson, CancellationToken cancellationToken, OversightOptions? oversight = null)
    {
        var server = new ScriptedModelServer(ScriptLoader.Parse(scriptJson));
        var url = await server.StartAsync(cancellationToken);
        var options = new ClaudeCliOptions { BaseUrl = url.ToString(), ApiKey = "sk-test", MaxAttempts = 1, DefaultTimeout = TimeSpan.FromSeconds(60) };
        return new OverseenSandbox(server, options, TempFolder.Create("agent-oversight-tests"), oversight ?? new OversightOptions());
    }

    /// <summary>A request in the worktree with this HOME, in bypassPermissions so that only our hooks stand in the way.</summary>
    public ClaudeRunRequest Request(string prompt) => new()
    {
        Prompt = prompt,
        WorkingDirectory = WorkingDirectory,
        PermissionMode = ClaudePermissionModes.BypassPermissions,
        Environment = new Dictionary<string, string> { ["HOME"] = Home },
    };

    /// <summary>Every file under the sandbox outside the worktree, with its content, to prove nothing there changed.</summary>
    public Dictionary<string, string> SnapshotOutsideTheWorktree() =>
        Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(WorkingDirectory + "/", StringComparison.Ordinal) && !f.StartsWith(Path.Combine(_root, "runs.db"), StringComparison.Ordinal)
                && !f.StartsWith(Path.Combine(Home, ".claude"), StringComparison.Ordinal) && !f.StartsWith(Path.Combine(Home, ".config"), StringComparison.Ordinal)
                && !f.EndsWith(".claude.json", StringComparison.Ordinal) && !f.Contains(".claude.json.backup", StringComparison.Ordinal))
            .ToDictionary(f => f, File.ReadAllText);

    /// <summary>The request bodies the model received, to show it was told the reason.</summary>
    public string ModelInputs() => string.Join("\n", Server.Log.MessagesRequests.Select(r => r.Body));

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Broker.DisposeAsync();
        Log.Dispose();
        _gate.Dispose();
        TempFolder.Delete(_root);
    }
}
