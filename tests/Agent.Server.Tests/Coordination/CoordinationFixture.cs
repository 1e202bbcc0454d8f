using System.Text.Json;
using Agent.Activities.Coordination.Distribution;
using Agent.Activities.Coordination.Messaging;
using Agent.Activities.Coordination.Spawning;
using Agent.ModelServer;
using Agent.ModelServer.Scripts;

namespace Agent.Server.Tests.Coordination;

/// <summary>
/// Coordinated agents end to end: a test folder with agent.db and coordination.db, the scripted model server on
/// loopback, the real Claude CLI (tools/claude-code), <c>agent serve</c> as a child process that runs the workers, and the
/// in-process CLI for spawning and enqueueing. The CLI does not resume workflows itself (<c>ResumeOnSend=false</c>):
/// a spawned worker waits in <c>Agent.LeaseTask</c>, and the server's lease sweep hands it its task, so every Claude
/// process runs under the server.
/// </summary>
internal sealed class CoordinationFixture : IAsyncDisposable
{
    /// <summary>The registered parent of every spawned agent; it receives their <c>result</c> messages.</summary>
    public const string Parent = "coord";

    private readonly (string Key, string Value)[] _settings;
    private readonly List<string> _earlierLogs = [];

    private CoordinationFixture(ScriptedModelServer model, CliHarness cli, (string Key, string Value)[] settings, CoordinationDatabase database)
    {
        Model = model;
        Cli = cli;
        _settings = settings;
        Database = database;
    }

    public ScriptedModelServer Model { get; }
    public CliHarness Cli { get; }
    public CoordinationDatabase Database { get; }
    public ServerProcess? Server { get; private set; }
    public TaskStore Tasks => new(Database);
    public MessageStore Messages => new(Database);
    public AgentRegistry Agents => new(Database, TimeProvider.System);

    /// <summary>Starts the model server with <paramref name="script"/>, imports the shipped worker and registers <see cref="Parent"/>.</summary>
    public static async Task<CoordinationFixture> CreateAsync(string script, CancellationToken cancellationToken, params (string Key, string Value)[] extra)
    {
        var model = new ScriptedModelServer(ScriptLoader.Parse(script));
        var url = await model.StartAsync(cancellationToken);
        var cli = new CliHarness();
        var coordination = Path.Combine(cli.Folder, ".data", "coordination.db");
        (string Key, string Value)[] settings =
        [
            .. cli.ModelSettings(url),
            ("Claude:ExecutablePath", Path.Combine(AgentRepository.Root, "tools", "claude-code", "node_modules", ".bin", "claude")),
            ("Coordination:DatabasePath", coordination),
            ("Coordination:McpEnvironment:AGENT_Agent__DataDirectory", Path.Combine(cli.Folder, ".data")),
            ("Coordination:LeaseSweepInterval", "00:00:00.300"),
            .. extra,
        ];
        foreach (var (key, value) in settings) cli.With(key, value);
        cli.With("Coordination:ResumeOnSend", "false");
        var fixture = new CoordinationFixture(model, cli, settings, new CoordinationDatabase(coordination));
        var imported = await cli.RunAsync("workflows", "import", Path.Combine(AgentRepository.Root, "workflows", "agent-worker.json"));
        Assert.AreEqual(0, imported.ExitCode, imported.ToString());
        await fixture.Agents.RegisterAsync(Parent, "planner", AgentStatuses.Idle, cancellationToken);
        return fixture;
    }

    /// <summary>Starts <c>agent serve</c> (a restart when one ran before and was killed).</summary>
    public async Task<ServerProcess> StartServerAsync(CancellationToken cancellationToken)
    {
        if (Server is not null) _earlierLogs.Add(Server.Log);
        Server = await ServerProcess.StartAsync(Cli, cancellationToken, _settings);
        return Server;
    }

    /// <summary>Spawns an agent of <paramref name="role"/> for request <paramref name="requestId"/>; returns its id.</summary>
    public async Task<string> SpawnAsync(string requestId, string role = "implementer")
    {
        var spawned = await Cli.RunAsync("agents", "spawn", "--role", role, "--parent", Parent, "--request-id", requestId);
        Assert.AreEqual(0, spawned.ExitCode, spawned.ToString());
        return AgentSpawner.AgentIdFor(role, requestId);
    }

    /// <summary>Enqueues tasks (id, role, payload object) through a workflow run by the CLI; each task's correlation id is its own id.</summary>
    public async Task EnqueueAsync(params (string Id, string Role, object Payload)[] tasks)
    {
        var list = JsonSerializer.Serialize(tasks.Select(t => new { id = t.Id, kind = "subtask", role = t.Role, payload = t.Payload, correlationId = t.Id }));
        var definition = $$"""
            {
              "definitionId": "enqueue-{{Guid.NewGuid():N}}", "version": 1, "isPublished": true,
              "root": {
                "type": "Elsa.Flowchart", "id": "root",
                "activities": [
                  { "id": "start", "type": "Elsa.Start" },
                  { "id": "enqueue", "type": "Agent.EnqueueTasks",
                    "tasks": { "typeName": "Object", "expression": { "type": "JavaScript", "value": {{JsonSerializer.Serialize("return " + list + ";")}} } } }
                ],
                "connections": [ { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "enqueue", "port": "In" } } ]
              }
            }
            """;
        var run = await Cli.RunAsync("run", Cli.WriteFile($"enqueue-{Guid.NewGuid():N}.json", definition));
        Assert.AreEqual(0, run.ExitCode, run.ToString());
    }

    /// <summary>Waits up to <paramref name="seconds"/> until <paramref name="condition"/> holds; fails with the server's log otherwise.</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, string what, CancellationToken cancellationToken, int seconds = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Timed out after {seconds} s waiting until {what}.\n{await DescribeAsync(cancellationToken)}\n--- server logs ---\n{ServerLogs()}");
            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>The tasks (status, holder, attempts) and agents, for failure messages.</summary>
    public async Task<string> DescribeAsync(CancellationToken cancellationToken)
    {
        var tasks = await Tasks.ListAsync(null, 100, cancellationToken);
        var agents = await Agents.ListAsync(cancellationToken);
        return "tasks: " + string.Join("; ", tasks.Select(t => $"{t.Id} {t.Status} by {t.LeaseOwner} x{t.Attempts} {t.Reason}"))
            + "\nagents: " + string.Join("; ", agents.Select(a => $"{a.Id} {a.Status}"))
            + "\nmessages: " + string.Join("; ", (await Messages.ListRecentAsync(null, 100, cancellationToken)).Select(d => $"{d.Message.Type} {d.Message.Sender}->{d.AgentId} {d.Message.CorrelationId} {d.Message.Payload.GetRawText()[..Math.Min(160, d.Message.Payload.GetRawText().Length)]}"))
            + $"\nmodel requests: {Model.Log.MessagesRequests.Count}, in flight {Model.Log.InFlight}";
    }

    /// <summary>The Claude processes under the server working in <paramref name="folder"/> (the topmost of each tree).</summary>
    public List<int> ClaudeProcessesIn(string folder)
    {
        if (Server is null) return [];
        var tree = ProcessTree.Descendants(Server.Id).ToHashSet();
        var inFolder = ProcessTree.WorkingDirectories().Where(p => tree.Contains(p.Pid) && p.WorkingDirectory == folder).Select(p => p.Pid).ToHashSet();
        return [.. inFolder.Where(pid => ProcessTree.CommandLine(pid).Contains("claude", StringComparison.Ordinal)
            && !inFolder.Any(other => other != pid && ProcessTree.Descendants(other).Contains(pid)))];
    }

    /// <summary>The coordination lines of every server's log so far (killed ones first), for failure messages.</summary>
    public string ServerLogs() => string.Join("\n=== restart ===\n", _earlierLogs.Append(Server?.Log ?? "").Select(log =>
        string.Join("\n", log.Split('\n').Where(l => l.Contains("Coordination", StringComparison.Ordinal) || l.Contains("Serve.", StringComparison.Ordinal)
            || l.Contains("fail", StringComparison.OrdinalIgnoreCase) || l.Contains("Claude", StringComparison.Ordinal)))));

    public async ValueTask DisposeAsync()
    {
        if (Server is not null) await Server.DisposeAsync();
        await Model.DisposeAsync();
        Cli.Dispose();
    }
}
