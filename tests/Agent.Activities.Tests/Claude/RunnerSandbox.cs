using Agent.Activities.Claude;
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

    private RunnerSandbox(ScriptedModelServer server, ClaudeCliOptions options, string root)
    {
        Server = server;
        _root = root;
        Home = Directory.CreateDirectory(Path.Combine(root, "home")).FullName;
        WorkingDirectory = Directory.CreateDirectory(Path.Combine(root, "work")).FullName;
        Log = new SqliteClaudeRunLog(Path.Combine(root, "runs.db"));
        _gate = new ClaudeConcurrencyLimiter(Options.Create(options));
        Runner = new ClaudeRunner(Options.Create(options), _gate, Log, new SecretRedactor());
    }

    public ScriptedModelServer Server { get; }

    public string Home { get; }

    public string WorkingDirectory { get; }

    public SqliteClaudeRunLog Log { get; }

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
        return new RunnerSandbox(server, options, Path.Combine(Path.GetTempPath(), "agent-runner-tests", Guid.NewGuid().ToString("N")));
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

/// <summary>Reads a process tree from /proc while it runs, so a test can check afterwards that all of it is gone.</summary>
internal sealed class ProcessTreeWatcher : IAsyncDisposable
{
    private readonly HashSet<int> _seen = [];
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    public IReadOnlyCollection<int> Seen
    {
        get { lock (_seen) return [.. _seen]; }
    }

    public void Watch(int rootPid) => _loop = Task.Run(async () =>
    {
        while (!_stop.IsCancellationRequested)
        {
            var tree = Descendants(rootPid).Prepend(rootPid).Where(IsAlive).ToList();
            lock (_seen) _seen.UnionWith(tree);
            try { await Task.Delay(20, _stop.Token); } catch (OperationCanceledException) { break; }
        }
    });

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
    }

    /// <summary>Alive = /proc/PID exists and is not a zombie (zombies have no code left to run; init reaps them).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state != "Z" && state != "X";
        }
        catch (IOException)
        {
            return false;
        }
    }

    public static IEnumerable<int> Descendants(int pid)
    {
        var result = new List<int>();
        var stack = new Stack<int>([pid]);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            string[] tasks;
            try { tasks = Directory.GetDirectories($"/proc/{current}/task"); } catch (IOException) { continue; } catch (UnauthorizedAccessException) { continue; }
            foreach (var task in tasks)
            {
                string children;
                try { children = File.ReadAllText(Path.Combine(task, "children")); } catch (IOException) { continue; }
                foreach (var child in children.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse))
                {
                    result.Add(child);
                    stack.Push(child);
                }
            }
        }
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}
