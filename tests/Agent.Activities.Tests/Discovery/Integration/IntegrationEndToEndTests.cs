using Agent.Activities.Claude;
using Agent.Activities.Discovery.Integration;
using Agent.Activities.Tests.Claude;
using Agent.Workflows.Runtime;

namespace Agent.Activities.Tests.Discovery.Integration;

/// <summary>
/// Integration end to end with real parts: a loopback MCP Registry whose entries point at the real npm packages, npm
/// installs into the sandbox, the servers run under the probe, approvals go through the approval service, and the real
/// Claude CLI (against the scripted model) loads the integrated server from the target's <c>.mcp.json</c>.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class IntegrationEndToEndTests
{
    private const string Memory = "io.github.modelcontextprotocol/server-memory";
    private const string Everything = "io.github.modelcontextprotocol/server-everything";
    private const string BrokenFilesystem = "io.github.test/server-filesystem-broken";

    // Turn 1 calls the integrated server's read-only tool; turn 2 ends.
    private const string ReadGraphScript = """
        { "rules": [
          { "match": { "turn": 1 }, "respond": { "toolUse": [ { "name": "mcp__server-memory__read_graph", "input": {} } ] } },
          { "match": { "turn": 2 }, "respond": { "text": "Read the graph." } } ] }
        """;

    private string _folder = null!;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestInitialize]
    public void CreateFolder() => _folder = TempFolder.Create("agent-integration-tests");

    [TestCleanup]
    public void DeleteFolder() => TempFolder.Delete(_folder);

    private static LoopbackMcpRegistry StartRegistry() => LoopbackMcpRegistry.Start()
        .Add(LoopbackMcpRegistry.NpmServer(Memory, "@modelcontextprotocol/server-memory", IntegrationHost.ServersVersion, "Knowledge graph memory"))
        .Add(LoopbackMcpRegistry.NpmServer(Everything, "@modelcontextprotocol/server-everything", IntegrationHost.ServersVersion, "Every MCP feature"))
        // The real filesystem server exits at once when its allowed directory does not exist.
        .Add(LoopbackMcpRegistry.NpmServer(BrokenFilesystem, "@modelcontextprotocol/server-filesystem", IntegrationHost.ServersVersion, "Files", "/nonexistent/allowed-dir"));

    [TestMethod]
    public async Task A_wanted_capability_is_found_installed_probed_approved_written_and_connected_in_the_next_Claude_run()
    {
        await using var registry = StartRegistry();
        await using var box = await RunnerSandbox.StartAsync(ReadGraphScript, Token);
        await using var host = await IntegrationHost.OpenAsync(_folder, registry.BaseUrl);

        var started = await host.Engine.StartAsync(IntegrationHost.Workflow(box.WorkingDirectory, capability: "memory.store"));

        var suspended = await host.Engine.InstanceAsync(started.Id);
        Assert.AreEqual(WorkflowStatus.Suspended, suspended.Status, string.Join("; ", suspended.State.Incidents.Select(i => i.Message)) + string.Join("; ", suspended.State.OutputLines));
        Assert.IsFalse(File.Exists(Path.Combine(box.WorkingDirectory, ".mcp.json")), "nothing is written before the approval");
        var pending = (await host.Engine.Approvals.ListPendingAsync(Token)).Single();
        StringAssert.Contains(pending.Title, "server-memory");
        var awaiting = (await host.Attempts.FindByApprovalAsync(pending.Id, Token))!;
        Assert.AreEqual((IntegrationOutcomes.AwaitingApproval, Memory, "read_graph({})"), (awaiting.Outcome, awaiting.ServerName, awaiting.Probe));
        CollectionAssert.Contains(awaiting.Capabilities.ToList(), "memory.store");

        var decided = await host.Engine.Approvals.DecideAsync(pending.Id, "approve", "ada", "memory is fine", Token);

        var finished = await host.Engine.InstanceAsync(started.Id);
        Assert.AreEqual("Finished", decided.InstanceStatus, string.Join("; ", finished.State.Incidents.Select(i => i.Message)));
        CollectionAssert.AreEqual(new[] { "integrated server-memory" }, finished.State.OutputLines);
        var entry = new McpJsonFile(box.WorkingDirectory).Read()["server-memory"];
        Assert.AreEqual("node", entry.Command);
        StringAssert.StartsWith(entry.Args[0], Path.Combine(host.Sandbox, "server-memory"));
        Assert.AreEqual(IntegrationOutcomes.Integrated, (await host.Attempts.FindAsync(awaiting.Id, Token))!.Outcome);

        // The next run reads .mcp.json afresh: no restart, and the model can call the new tool.
        var settings = new ClaudeExecuteSettings
        {
            WorkingDirectory = box.WorkingDirectory, AllowedTools = ["mcp__server-memory__read_graph"],
            Environment = new Dictionary<string, string> { ["HOME"] = box.Home, ["MCP_TIMEOUT"] = "600000" },
        };
        var events = new EventRecorder();
        var result = await box.Runner.RunAsync(settings.ToRequest("what do you remember?"), events, Token);

        Assert.IsTrue(result.IsSuccess, $"{result.Error}\n{result.StderrTail}");
        CollectionAssert.Contains(result.McpServers.ToList(), new McpServerState("server-memory", "connected"));
        var toolResult = events.Events.OfType<ToolResultEvent>().Single();
        Assert.IsFalse(toolResult.IsError, toolResult.Content);
        StringAssert.Contains(toolResult.Content, "entities");
        Assert.AreEqual("connected", ((List<object?>)ClaudeResultView.ToPlain(result)["mcpServers"]!).Cast<Dictionary<string, object?>>().Single(s => (string?)s["name"] == "server-memory")["status"]);
    }

    [TestMethod]
    public async Task A_server_that_exits_at_once_fails_the_probe_leaves_mcp_json_byte_identical_and_records_why()
    {
        await using var registry = StartRegistry();
        await using var host = await IntegrationHost.OpenAsync(_folder, registry.BaseUrl);
        await File.WriteAllTextAsync(host.McpJson, "{\n  \"mcpServers\": {\n    \"echo\": { \"command\": \"python3\", \"args\": [\"echo.py\"] }\n  }\n}\n", Token);
        var before = await File.ReadAllBytesAsync(host.McpJson, Token);

        var started = await host.Engine.StartAsync(IntegrationHost.Workflow(host.Target, serverName: BrokenFilesystem));

        var instance = await host.Engine.InstanceAsync(started.Id);
        Assert.AreEqual(WorkflowStatus.Finished, instance.Status);
        StringAssert.StartsWith(instance.State.OutputLines.Single(), "failed: ");
        CollectionAssert.AreEqual(before, await File.ReadAllBytesAsync(host.McpJson, Token));
        var attempt = (await host.Attempts.ListRecentAsync(10, Token)).Single();
        Assert.AreEqual((IntegrationOutcomes.Failed, BrokenFilesystem), (attempt.Outcome, attempt.ServerName));
        StringAssert.Contains(attempt.Reason, "server-filesystem-broken failed during the probe");
        Assert.IsFalse(Directory.Exists(Path.Combine(host.Sandbox, "server-filesystem-broken")), "a failed attempt leaves no sandbox");
        Assert.AreEqual(0, (await host.Engine.Approvals.ListPendingAsync(Token)).Count, "nothing to approve");
    }

    [TestMethod]
    public async Task A_rejected_approval_leaves_mcp_json_unchanged_and_drops_the_sandbox()
    {
        await using var registry = StartRegistry();
        await using var host = await IntegrationHost.OpenAsync(_folder, registry.BaseUrl);

        var started = await host.Engine.StartAsync(IntegrationHost.Workflow(host.Target, serverName: Everything));
        var pending = (await host.Engine.Approvals.ListPendingAsync(Token)).Single();
        Assert.IsTrue(Directory.Exists(Path.Combine(host.Sandbox, "server-everything")), "installed while it waits");

        await host.Engine.Approvals.DecideAsync(pending.Id, "reject", "bob", "not now", Token);

        var instance = await host.Engine.InstanceAsync(started.Id);
        CollectionAssert.AreEqual(new[] { "rejected" }, instance.State.OutputLines);
        Assert.IsFalse(File.Exists(host.McpJson));
        Assert.IsFalse(Directory.Exists(Path.Combine(host.Sandbox, "server-everything")));
        var attempt = (await host.Attempts.FindByApprovalAsync(pending.Id, Token))!;
        Assert.AreEqual((IntegrationOutcomes.Rejected, "rejected by bob: not now"), (attempt.Outcome, attempt.Reason));
        // Read-only tools first, then the fewest required arguments: get-env needs none (echo needs a message).
        Assert.AreEqual("get-env({})", attempt.Probe);
    }

    [TestMethod]
    public async Task An_approval_that_expires_rejects_the_integration_and_leaves_mcp_json_unchanged()
    {
        await using var registry = StartRegistry();
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var host = await IntegrationHost.OpenAsync(_folder, registry.BaseUrl, new Dictionary<string, string?> { ["ApprovalTimeout"] = "00:10:00" }, clock);
        var started = await host.Engine.StartAsync(IntegrationHost.Workflow(host.Target, serverName: Memory));
        var pending = (await host.Engine.Approvals.ListPendingAsync(Token)).Single();
        Assert.AreEqual(clock.GetUtcNow().AddMinutes(10), pending.ExpiresAt);

        clock.Advance(TimeSpan.FromMinutes(11));
        Assert.AreEqual(1, await host.Engine.Runtime.ResumeExpiredAsync(Token));

        CollectionAssert.AreEqual(new[] { "rejected" }, (await host.Engine.InstanceAsync(started.Id)).State.OutputLines);
        var attempt = (await host.Attempts.FindByApprovalAsync(pending.Id, Token))!;
        Assert.AreEqual((IntegrationOutcomes.Rejected, "rejected by system: expired without a decision"), (attempt.Outcome, attempt.Reason));
        Assert.IsFalse(File.Exists(host.McpJson));
        Assert.IsFalse(Directory.Exists(Path.Combine(host.Sandbox, "server-memory")));
    }

    [TestMethod]
    public async Task An_auto_approved_server_is_written_without_waiting_and_removing_it_reverses_the_integration()
    {
        await using var registry = StartRegistry();
        await using var host = await IntegrationHost.OpenAsync(_folder, registry.BaseUrl, new Dictionary<string, string?> { ["AutoApprove:0"] = "io.github.modelcontextprotocol/*" });
        const string original = "{\n  \"mcpServers\": {\n    \"echo\": {\n      \"command\": \"python3\"\n    }\n  }\n}\n";
        await File.WriteAllTextAsync(host.McpJson, original, Token);

        var started = await host.Engine.StartAsync(IntegrationHost.Workflow(host.Target, serverName: Memory));

        var instance = await host.Engine.InstanceAsync(started.Id);
        CollectionAssert.AreEqual(new[] { "integrated server-memory" }, instance.State.OutputLines);
        Assert.AreEqual(0, (await host.Engine.Approvals.ListPendingAsync(Token)).Count);
        StringAssert.Contains((await host.Attempts.ListRecentAsync(1, Token)).Single().Reason, "Discovery:AutoApprove");
        CollectionAssert.AreEqual(new[] { "echo", "server-memory" }, new McpJsonFile(host.Target).Read().Keys.ToList());

        var removed = await host.Manager.RemoveAsync("server-memory", host.Target, Token);

        Assert.AreEqual(IntegrationOutcomes.Removed, removed.Outcome);
        Assert.AreEqual(original, await File.ReadAllTextAsync(host.McpJson, Token));
        Assert.IsFalse(Directory.Exists(Path.Combine(host.Sandbox, "server-memory")));
        await Assert.ThrowsExactlyAsync<IntegrationException>(() => host.Manager.RemoveAsync("server-memory", host.Target, Token));
    }

    [TestMethod]
    public async Task A_server_without_the_wanted_capability_is_not_integrated_and_the_attempt_says_what_it_offers()
    {
        await using var registry = StartRegistry();
        await using var host = await IntegrationHost.OpenAsync(_folder, registry.BaseUrl);

        var attempt = await host.Manager.PrepareAsync(new IntegrationRequest { Target = host.Target, ServerName = Everything, Capability = "memory.store" }, Token);

        Assert.AreEqual(IntegrationOutcomes.Failed, attempt.Outcome);
        StringAssert.Contains(attempt.Reason, "none of its tools");
        StringAssert.Contains(attempt.Reason, "provides memory.store");
        var stored = (await host.Attempts.FindAsync(attempt.Id, Token))!;
        Assert.AreEqual((attempt.Outcome, attempt.Reason), (stored.Outcome, stored.Reason), "the failure is recorded with its reason");
        CollectionAssert.Contains(stored.Tools.ToList(), "echo");
        Assert.IsFalse(File.Exists(host.McpJson));
        Assert.IsFalse(Directory.Exists(Path.Combine(host.Sandbox, "server-everything")));
    }

    [TestMethod]
    public async Task A_registry_answering_500_fails_the_activity_with_a_clear_error_and_records_nothing()
    {
        await using var registry = StartRegistry();
        registry.Failure = "500";
        await using var host = await IntegrationHost.OpenAsync(_folder, registry.BaseUrl);

        var started = await host.Engine.StartAsync(IntegrationHost.Workflow(host.Target, capability: "memory.store"));

        var line = (await host.Engine.InstanceAsync(started.Id)).State.OutputLines.Single();
        StringAssert.StartsWith(line, "failed: The MCP Registry at");
        StringAssert.Contains(line, "answered 500");
        Assert.AreEqual(0, (await host.Attempts.ListRecentAsync(10, Token)).Count);
        Assert.IsFalse(File.Exists(host.McpJson));
    }

    [TestMethod]
    public async Task An_unknown_server_name_is_a_clear_error_and_nothing_is_stored()
    {
        await using var registry = StartRegistry();
        await using var host = await IntegrationHost.OpenAsync(_folder, registry.BaseUrl);

        var error = await Assert.ThrowsExactlyAsync<IntegrationException>(() => host.Manager.PrepareAsync(new IntegrationRequest { Target = host.Target, ServerName = "io.github.nobody/nothing" }, Token));

        StringAssert.Contains(error.Message, "No server named 'io.github.nobody/nothing'");
        Assert.AreEqual(0, (await host.Attempts.ListRecentAsync(10, Token)).Count);
        Assert.IsFalse(Directory.Exists(host.Sandbox));
    }
}
