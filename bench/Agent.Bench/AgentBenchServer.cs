using System.Diagnostics;
using System.Text.Json;
using Agent.Activities.Coordination.Distribution;
using Agent.Activities.Coordination.Messaging;
using Agent.Activities.Coordination.Spawning;
using Agent.Server.Serve;
using Agent.Workflows.Versioning;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Bench;

/// <summary>
/// The server side of the <c>agents</c> figure: an agent server in this process (<see cref="AgentServer.Build"/>, its own
/// databases in a temp folder) with <c>Coordination:MaxAgents</c> = <paramref name="maxAgents"/>, the shipped
/// <c>workflows/agent-worker.json</c> imported and a parent agent registered. It lives across runs, as <c>agent serve</c>
/// does across cycles, so a run does not pay for a new DI container, its compiled call sites and the host's start.
/// Each run (<see cref="RunAsync"/>) gets a fresh temp git repository and <c>tasks</c> independent gaps, spawns as many
/// implementers (each: its own worktree, the real Claude CLI against the scripted model at <paramref name="model"/>,
/// its own <c>agent mcp</c>), is timed from the enqueue until every task is done, then checks every task's result and
/// every worktree's edit.
/// </summary>
public sealed class AgentBenchServer(string repositoryRoot, Uri model, int maxAgents) : IAsyncDisposable
{
    /// <summary>The file each task's agent writes in its worktree (the scripted model's Write).</summary>
    public const string EditedFile = "GAP.md";

    /// <summary>What the scripted model writes into <see cref="EditedFile"/>.</summary>
    public const string EditedContent = "gap closed by the bench agent\n";

    private const string Parent = "bench-coordinator";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private readonly string _root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "agent-bench-agents", Guid.NewGuid().ToString("N"))).FullName;
    private WebApplication? _app;
    private int _runs;

    /// <summary>The MaxAgents this server runs with.</summary>
    public int MaxAgents => maxAgents;

    /// <summary>Builds and starts the server, imports the worker and registers the parent agent (not timed).</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        _app = AgentServer.Build(Settings(_root));
        await _app.StartAsync(cancellationToken);
        var worker = await File.ReadAllTextAsync(Path.Combine(repositoryRoot, "workflows", "agent-worker.json"), cancellationToken);
        await _app.Services.GetRequiredService<WorkflowDefinitionService>().ImportAsync(worker, cancellationToken);
        await _app.Services.GetRequiredService<AgentRegistry>().RegisterAsync(Parent, "planner", AgentStatuses.Idle, cancellationToken);
    }

    /// <summary>Runs <paramref name="tasks"/> gaps once; returns the wall time from enqueue to the last task done and the CPU it took. Throws when any task failed.</summary>
    public async Task<AgentRunResult> RunAsync(int tasks, CancellationToken cancellationToken = default)
    {
        var app = _app ?? throw new InvalidOperationException("StartAsync the bench server before a run.");
        var run = ++_runs;
        var repo = await CreateRepositoryAsync(Path.Combine(_root, $"repo-{run}"), cancellationToken);
        try
        {
            return await TimedAsync(app.Services, repo, run, tasks, cancellationToken);
        }
        finally
        {
            // Workers end with ReleaseAgent; let those last steps finish before the next run or the host's stop.
            await app.Services.GetRequiredService<WorkerLauncher>().DrainAsync();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { /* an agent mcp still exiting holds a file; temp is cleaned eventually */ }
        catch (UnauthorizedAccessException) { /* git makes some object files read-only; temp is cleaned eventually */ }
    }

    private Agent.Server.Hosting.AgentHostSettings Settings(string root) => BenchServer.Settings(root,
        ("Claude:BaseUrl", model.ToString()),
        ("Claude:ApiKey", "sk-bench"),
        // A task takes seconds; a hung CLI ends the run (and the drain after it) in two minutes instead of the default 30.
        ("Claude:DefaultTimeout", "00:02:00"),
        ("Claude:MaxConcurrentRuns", maxAgents.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("Coordination:MaxAgents", maxAgents.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        // The agent's own CLI, built beside the benchmark (it references Agent.Server), so no ./agent staleness check or build runs per agent.
        ("Coordination:McpCommand", Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "agent.exe" : "agent")),
        ("Coordination:McpEnvironment:AGENT_Agent__DataDirectory", Path.Combine(root, ".data")),
        ("SelfModification:WorktreeRoot", Path.Combine(root, "worktrees")),
        // The bench spawns four agents every few seconds on purpose, for minutes: above the default 10 a minute, the
        // runaway-spawning detector would (rightly, for a real server) stop spawning half-way through the figure.
        ("Coordination:Detection:Spawning:MaxPerMinute", "1000"));

    private static async Task<AgentRunResult> TimedAsync(IServiceProvider services, string repo, int run, int tasks, CancellationToken cancellationToken)
    {
        var queue = services.GetRequiredService<TaskQueue>();
        var spawner = services.GetRequiredService<AgentSpawner>();
        var store = services.GetRequiredService<TaskStore>();
        var ids = Enumerable.Range(1, tasks).Select(i => $"run{run}-gap-{i}").ToList();
        var drafts = ids.Select(id => new TaskDraft
        {
            Id = id,
            Kind = "gap",
            Role = "implementer",
            CorrelationId = "bench",
            Payload = JsonSerializer.Serialize(new { title = id, prompt = $"Close {id}: write {EditedFile} in your worktree.", targetRepository = repo }),
        }).ToList();

        var ownCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var childCpu = ChildCpuSeconds();
        var startedAt = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        await queue.EnqueueAsync(drafts, cancellationToken);
        for (var i = 0; i < tasks; i++)
            await spawner.SpawnAsync(new SpawnRequest($"bench-run{run}-{i + 1}", "implementer", Parent, "bench"), cancellationToken);
        var finished = await WaitUntilFinishedAsync(store, ids, cancellationToken);
        var ms = watch.Elapsed.TotalMilliseconds;
        var cpu = (Child: ChildCpuSeconds() - childCpu, Own: (Process.GetCurrentProcess().TotalProcessorTime - ownCpu).TotalSeconds);

        Verify(finished);
        await VerifyEditsAsync(repo, tasks, cancellationToken);
        // Done tasks were leased and finished, so both times are there.
        return new AgentRunResult(ms, startedAt, cpu.Child, cpu.Own,
            finished.Select(t => $"{t.Id} leased +{(t.LeasedAt!.Value - t.CreatedAt).TotalSeconds:0.0} s, done +{(t.FinishedAt!.Value - t.CreatedAt).TotalSeconds:0.0} s").ToList());
    }

    /// <summary>
    /// CPU seconds of this process's finished children (and theirs, as each waited for its own): the Claude CLIs and
    /// their agent mcp servers, git. Linux only (<c>/proc/self/stat</c> cutime + cstime at 100 ticks/s); NaN elsewhere.
    /// </summary>
    private static double ChildCpuSeconds()
    {
        try
        {
            var stat = File.ReadAllText("/proc/self/stat");
            // Fields after the command name (which may hold spaces) start at field 3; cutime and cstime are fields 16 and 17.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[13], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[14], System.Globalization.CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (IOException) { return double.NaN; }
        catch (UnauthorizedAccessException) { return double.NaN; }
    }

    /// <summary>Polls the task table (cheap SQLite reads) until no task is queued or leased.</summary>
    private static async Task<IReadOnlyList<WorkTask>> WaitUntilFinishedAsync(TaskStore store, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var current = new List<WorkTask>(ids.Count);
            foreach (var id in ids)
                current.Add(await store.FindAsync(id, cancellationToken) ?? throw new InvalidOperationException($"task {id} is not stored; the enqueue did not commit it."));
            if (current.All(t => t.Status is not (TaskStatuses.Queued or TaskStatuses.Leased))) return current;
            if (deadline.Elapsed > Timeout)
                throw new TimeoutException($"after {Timeout.TotalMinutes:0} min the tasks were {string.Join(", ", current.Select(t => $"{t.Id} {t.Status}"))}; " +
                    "check that tools/claude-code is installed (npm ci --prefix tools/claude-code) and the worker instances in the run's agent.db.");
            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>A run counts only when every task is done and its Claude run succeeded.</summary>
    private static void Verify(IReadOnlyList<WorkTask> finished)
    {
        foreach (var task in finished)
        {
            if (task.Status != TaskStatuses.Done)
                throw new InvalidOperationException($"task {task.Id} ended {task.Status} ({task.Reason}); the run is not a figure.");
            var result = task.Result ?? throw new InvalidOperationException($"task {task.Id} is done without a result.");
            if (!result.TryGetProperty("success", out var success) || !success.GetBoolean())
                throw new InvalidOperationException($"task {task.Id}'s Claude run failed: {result.GetRawText()}");
        }
    }

    /// <summary>Every task's worktree (besides the main one) holds the edit the agent made.</summary>
    private static async Task VerifyEditsAsync(string repo, int tasks, CancellationToken cancellationToken)
    {
        var list = await GitAsync(repo, cancellationToken, "worktree", "list", "--porcelain");
        var worktrees = list.Split('\n').Where(l => l.StartsWith("worktree ", StringComparison.Ordinal)).Select(l => l[9..].Trim())
            .Where(p => Path.GetFullPath(p) != Path.GetFullPath(repo)).ToList();
        if (worktrees.Count != tasks)
            throw new InvalidOperationException($"expected {tasks} task worktrees, git lists {worktrees.Count}: {list}");
        foreach (var worktree in worktrees)
        {
            var file = Path.Combine(worktree, EditedFile);
            if (!File.Exists(file) || await File.ReadAllTextAsync(file, cancellationToken) != EditedContent)
                throw new InvalidOperationException($"the agent in {worktree} did not write {EditedFile}; the run is not a figure.");
        }
    }

    private static async Task<string> CreateRepositoryAsync(string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(path);
        await GitAsync(path, cancellationToken, "init", "-q", "-b", "main");
        await File.WriteAllTextAsync(Path.Combine(path, "README.md"), "bench target\n", cancellationToken);
        await GitAsync(path, cancellationToken, "add", "README.md");
        await GitAsync(path, cancellationToken, "-c", "user.name=bench", "-c", "user.email=bench@localhost", "commit", "-q", "-m", "initial");
        return path;
    }

    private static async Task<string> GitAsync(string cwd, CancellationToken cancellationToken, params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("git did not start; install git.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', args)} exited {process.ExitCode}: {await stderr}");
        return await stdout;
    }
}

/// <summary>One run of <see cref="AgentBenchServer"/>.</summary>
/// <param name="WallMs">Milliseconds from the enqueue to the last task done.</param>
/// <param name="StartedAt">When the timed part began (the enqueue).</param>
/// <param name="ChildCpuSeconds">CPU of the child processes that ended in that time (Claude CLIs, agent mcp, git).</param>
/// <param name="OwnCpuSeconds">CPU of this process (server, engine, SQLite, the scripted model) in that time.</param>
/// <param name="Timeline">Per task: when it was leased and done, after it was enqueued.</param>
public sealed record AgentRunResult(double WallMs, DateTimeOffset StartedAt, double ChildCpuSeconds, double OwnCpuSeconds, IReadOnlyList<string> Timeline);
