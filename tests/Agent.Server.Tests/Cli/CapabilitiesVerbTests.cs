using System.Text.Json;

namespace Agent.Server.Tests.Cli;

/// <summary><c>agent capabilities scan|gaps</c> against real MCP servers: npm servers, a broken one, and our own over HTTP.</summary>
[TestClass]
[TestCategory("Slow")]
public sealed class CapabilitiesVerbTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    private static string[] Config(CliHarness cli, params string[] settings) =>
        [.. new[] { "Discovery:IncludeUserConfig=false", $"Discovery:DatabasePath={Path.Combine(cli.Folder, "capabilities.db")}", "Discovery:ServerTimeout=00:01:00" }
            .Concat(settings).SelectMany(s => new[] { "--config", s })];

    private static string McpJson(params (string Name, object Entry)[] servers) =>
        JsonSerializer.Serialize(new { mcpServers = servers.ToDictionary(s => s.Name, s => s.Entry) });

    private static string WriteMcpJson(string folder, string json)
    {
        File.WriteAllText(Path.Combine(folder, ".mcp.json"), json);
        return folder;
    }

    [TestMethod]
    public async Task Scan_reads_the_agent_config_and_the_target_mcp_json_reports_a_broken_server_and_exits_0()
    {
        using var cli = new CliHarness();
        var target = cli.Subfolder("target");
        var broken = McpTestServers.ExitsAtOnce(cli.Folder);
        WriteMcpJson(target, McpJson(
            ("memory", new { command = McpTestServers.Bin("memory"), env = new Dictionary<string, string> { ["MEMORY_FILE_PATH"] = Path.Combine(target, "m.jsonl") } }),
            ("broken", new { command = broken })));

        var result = await cli.RunAsync([.. Config(cli, $"Discovery:Servers:fs:command={McpTestServers.Bin("filesystem")}", $"Discovery:Servers:fs:args:0={target}"),
            "capabilities", "scan", "--target", target, "--json"]);

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        var servers = result.Json().GetProperty("servers").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        CollectionAssert.AreEquivalent(new[] { "fs", "memory", "broken" }, servers.Keys.ToList());
        Assert.AreEqual("ok", servers["fs"].GetProperty("status").GetString(), result.ToString());
        Assert.AreEqual("stdio", servers["fs"].GetProperty("transport").GetString());
        Assert.AreEqual("ok", servers["memory"].GetProperty("status").GetString(), result.ToString());
        var write = servers["fs"].GetProperty("tools").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "write_file");
        CollectionAssert.Contains(write.GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()).ToList(), "filesystem.write");
        Assert.IsFalse(string.IsNullOrEmpty(write.GetProperty("description").GetString()));
        Assert.AreEqual("failed", servers["broken"].GetProperty("status").GetString());
        Assert.Contains("exited with code 3", servers["broken"].GetProperty("error").GetString()!);
        Assert.AreEqual("target", servers["broken"].GetProperty("source").GetString());

        var text = await cli.RunAsync([.. Config(cli), "capabilities", "scan", "--target", target]);
        Assert.AreEqual(0, text.ExitCode, text.ToString());
        Assert.Contains("broken (stdio, target): FAILED", text.Output);
        Assert.Contains("stderr: fatal: missing API_TOKEN, cannot start", text.Output);
    }

    [TestMethod]
    public async Task A_bad_mcp_json_is_a_usage_error_that_names_the_file_and_the_server()
    {
        using var cli = new CliHarness();
        var target = WriteMcpJson(cli.Subfolder("target"), """{"mcpServers": {"nothing": {"args": []}}}""");

        var result = await cli.RunAsync([.. Config(cli), "capabilities", "scan", "--target", target]);

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        Assert.Contains(".mcp.json: server 'nothing': a stdio server needs 'command'", result.Error);
    }

    [TestMethod]
    public async Task Gaps_ranks_what_the_goals_need_and_the_last_scan_does_not_provide()
    {
        using var cli = new CliHarness();
        var target = WriteMcpJson(cli.Subfolder("target"), McpJson(("memory", new { command = McpTestServers.Bin("memory"), env = new Dictionary<string, string> { ["MEMORY_FILE_PATH"] = "m.jsonl" } })));
        File.WriteAllText(Path.Combine(target, "agent.goals.yaml"), """
            goals:
              - id: informed
                title: Research before changing
                targets: [{ metric: tests.failed, max: 0 }]
                needs: [web.search, memory.store]
            """);
        Assert.AreEqual(0, (await cli.RunAsync([.. Config(cli), "capabilities", "scan", "--target", target])).ExitCode);

        var result = await cli.RunAsync([.. Config(cli), "capabilities", "gaps", "--target", target, "--json"]);

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        var gaps = result.Json().GetProperty("gaps").EnumerateArray().ToList();
        CollectionAssert.AreEqual(new[] { "web.search" }, gaps.Select(g => g.GetProperty("capability").GetString()).ToList(), result.Output);
        Assert.AreEqual(1, gaps[0].GetProperty("goals").GetInt32());
        Assert.IsTrue(gaps[0].GetProperty("reasons").EnumerateArray().Any(r => r.GetString()!.Contains("blocks 1 goal(s): informed")));
        CollectionAssert.Contains(result.Json().GetProperty("provided").EnumerateArray().Select(p => p.GetString()).ToList(), "memory.store");

        var text = await cli.RunAsync([.. Config(cli), "capabilities", "gaps", "--target", target]);
        Assert.Contains("1. web.search (priority", text.Output);
    }

    [TestMethod]
    public async Task Our_own_mcp_server_is_scanned_over_streamable_http()
    {
        using var cli = new CliHarness();
        await using var server = await ServerProcess.StartAsync(cli, Token);

        var result = await cli.RunAsync([.. Config(cli,
                "Discovery:Servers:agent:type=http",
                $"Discovery:Servers:agent:url={new Uri(server.Url, "/mcp")}",
                $"Discovery:Servers:agent:headers:Authorization=ApiKey {ServerProcess.ApiKey}"),
            "capabilities", "scan", "--json"]);

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        var agent = result.Json().GetProperty("servers").EnumerateArray().Single();
        Assert.AreEqual("ok", agent.GetProperty("status").GetString(), $"{result}\n{server.Log}");
        Assert.AreEqual("http", agent.GetProperty("transport").GetString());
        var tools = agent.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
        CollectionAssert.IsSubsetOf(new[] { "claude_run", "capabilities_scan", "capabilities_gaps" }, tools);
    }

    [TestMethod]
    public async Task The_capability_discovery_workflow_runs_with_agent_run()
    {
        using var cli = new CliHarness();
        var target = WriteMcpJson(cli.Subfolder("target"), McpJson(("memory", new { command = McpTestServers.Bin("memory"), env = new Dictionary<string, string> { ["MEMORY_FILE_PATH"] = "m.jsonl" } })));

        var result = await cli.RunAsync([.. Config(cli), "run", AgentRepository.Workflow("capability-discovery.json"), "--input", $"targetPath={target}", "--json"]);

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        var run = result.Json();
        Assert.AreEqual("Finished", run.GetProperty("status").GetString(), result.Output);
        var scan = run.GetProperty("variables").GetProperty("scan");
        Assert.AreEqual("memory", scan.GetProperty("servers")[0].GetProperty("name").GetString(), result.Output);
        Assert.IsTrue(File.Exists(Path.Combine(cli.Folder, "capabilities.db")));
    }
}
