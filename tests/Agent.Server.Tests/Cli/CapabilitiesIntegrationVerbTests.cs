using System.Text.Json;

namespace Agent.Server.Tests.Cli;

/// <summary>
/// <c>agent capabilities search/integrate/remove</c> against a loopback MCP Registry whose entries point at the real
/// npm MCP servers; approvals go through <c>agent approve</c> in a later CLI session.
/// </summary>
[TestClass]
public sealed class CapabilitiesIntegrationVerbTests
{
    private const string Memory = "io.github.modelcontextprotocol/server-memory";
    private const string Version = "2026.8.31";

    public TestContext TestContext { get; set; } = null!;

    private static (CliHarness Cli, string Target) Open(LoopbackMcpRegistry registry)
    {
        var cli = new CliHarness().With("Discovery:Registry:BaseUrl", registry.BaseUrl).With("Discovery:Registry:RetryDelay", "00:00:00.010")
            .With("Discovery:Registry:MaxRetries", "1").With("Discovery:Registry:PageSize", "1");
        return (cli, cli.Subfolder("target"));
    }

    private static LoopbackMcpRegistry Registry() => LoopbackMcpRegistry.Start()
        .Add(LoopbackMcpRegistry.NpmServer(Memory, "@modelcontextprotocol/server-memory", Version, "Knowledge graph memory"))
        .Add(LoopbackMcpRegistry.NpmServer("io.github.modelcontextprotocol/server-everything", "@modelcontextprotocol/server-everything", Version, "Every MCP feature"));

    [TestMethod]
    public async Task Search_lists_the_registry_servers_over_pages_as_a_table_and_as_json()
    {
        await using var registry = Registry();
        var (cli, _) = Open(registry);
        using var _cli = cli;

        var json = await cli.RunAsync("capabilities", "search", "modelcontextprotocol", "--json");
        var table = await cli.RunAsync("capabilities", "search", "memory");

        Assert.AreEqual(0, json.ExitCode, json.ToString());
        var names = json.Json().EnumerateArray().Select(c => c.GetProperty("server").GetProperty("name").GetString()).ToList();
        CollectionAssert.AreEqual(new[] { Memory, "io.github.modelcontextprotocol/server-everything" }, names, "two pages of one server each");
        Assert.AreEqual("registry", json.Json()[0].GetProperty("source").GetString());
        Assert.AreEqual(0, table.ExitCode, table.ToString());
        StringAssert.Contains(table.Output, "npm @modelcontextprotocol/server-memory@2026.8.31");
    }

    [TestMethod]
    public async Task Integrate_with_yes_writes_mcp_json_at_once_and_remove_takes_it_out_again()
    {
        await using var registry = Registry();
        var (cli, target) = Open(registry);
        using var _cli = cli;

        var integrated = await cli.RunAsync("capabilities", "integrate", Memory, "--target", target, "--yes", "--capability", "memory.store");

        Assert.AreEqual(0, integrated.ExitCode, integrated.ToString());
        StringAssert.Contains(integrated.Output, "Integrated server-memory");
        var mcp = JsonDocument.Parse(File.ReadAllText(Path.Combine(target, ".mcp.json"))).RootElement.GetProperty("mcpServers");
        Assert.AreEqual("node", mcp.GetProperty("server-memory").GetProperty("command").GetString());
        var sandbox = Path.Combine(cli.Folder, ".data", "mcp", "server-memory");
        Assert.IsTrue(Directory.Exists(sandbox));

        var removed = await cli.RunAsync("capabilities", "remove", "server-memory", "--target", target);

        Assert.AreEqual(0, removed.ExitCode, removed.ToString());
        Assert.IsFalse(JsonDocument.Parse(File.ReadAllText(Path.Combine(target, ".mcp.json"))).RootElement.GetProperty("mcpServers").TryGetProperty("server-memory", out _));
        Assert.IsFalse(Directory.Exists(sandbox));
        var again = await cli.RunAsync("capabilities", "remove", "server-memory", "--target", target);
        Assert.AreEqual(2, again.ExitCode, again.ToString());
        StringAssert.Contains(again.Error, "has no server 'server-memory'");
        var audited = (await cli.RunAsync("audit", "--kind", "tool.integration", "--json")).Json();
        CollectionAssert.AreEqual(new[] { "removed", "integrated" },
            audited.EnumerateArray().Select(r => r.GetProperty("data").GetProperty("action").GetString()).ToArray(), "both are audited, newest first");
    }

    [TestMethod]
    public async Task Integrate_without_yes_waits_for_an_approval_that_a_later_agent_approve_completes()
    {
        await using var registry = Registry();
        var (cli, target) = Open(registry);
        using var _cli = cli;

        var waiting = await cli.RunAsync("capabilities", "integrate", Memory, "--target", target, "--json");

        Assert.AreEqual(0, waiting.ExitCode, waiting.ToString());
        var approvalId = waiting.Json().GetProperty("approvalId").GetString()!;
        Assert.AreEqual("awaiting_approval", waiting.Json().GetProperty("attempt").GetProperty("outcome").GetString());
        Assert.IsFalse(File.Exists(Path.Combine(target, ".mcp.json")), "nothing is written before the approval");
        var listed = await cli.RunAsync("approvals");
        StringAssert.Contains(listed.Output, approvalId);
        StringAssert.Contains(listed.Output, "Integrate MCP server server-memory");

        var approved = await cli.RunAsync("approve", approvalId, "--by", "ada");

        Assert.AreEqual(0, approved.ExitCode, approved.ToString());
        StringAssert.Contains(approved.Output, "Finished");
        var mcp = JsonDocument.Parse(File.ReadAllText(Path.Combine(target, ".mcp.json"))).RootElement.GetProperty("mcpServers");
        Assert.IsTrue(mcp.TryGetProperty("server-memory", out _));
    }

    [TestMethod]
    public async Task Bad_input_and_a_broken_registry_are_clear_errors_and_change_nothing()
    {
        await using var registry = Registry();
        var (cli, target) = Open(registry);
        using var _cli = cli;

        var unknown = await cli.RunAsync("capabilities", "integrate", "io.github.nobody/nothing", "--target", target, "--yes");
        Assert.AreEqual(2, unknown.ExitCode, unknown.ToString());
        StringAssert.Contains(unknown.Error, "No server named 'io.github.nobody/nothing'");

        registry.Failure = "500";
        var down = await cli.RunAsync("capabilities", "search", "memory");
        Assert.AreEqual(1, down.ExitCode, down.ToString());
        StringAssert.Contains(down.Error, "answered 500");

        registry.Failure = "malformed";
        var malformed = await cli.RunAsync("capabilities", "integrate", Memory, "--target", target);
        Assert.AreEqual(1, malformed.ExitCode, malformed.ToString());
        StringAssert.Contains(malformed.Error, "not a server listing");

        Assert.AreEqual(0, Directory.GetFileSystemEntries(target).Length, "no .mcp.json was written");
        Assert.IsFalse(Directory.Exists(Path.Combine(cli.Folder, ".data", "mcp")), "nothing was installed");
    }

    [TestMethod]
    public async Task Invalid_discovery_options_stop_the_command_with_exit_code_2_naming_the_key()
    {
        using var cli = new CliHarness().With("Discovery:Registry:BaseUrl", "not a url").With("Discovery:ProbeTimeout", "00:00:00");

        var result = await cli.RunAsync("capabilities", "search", "memory");

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Error, "Discovery:Registry:BaseUrl");
        StringAssert.Contains(result.Error, "Discovery:ProbeTimeout");
    }

    [TestMethod]
    public async Task The_discovery_workflow_given_a_target_integrates_the_capability_its_goals_need()
    {
        await using var registry = Registry();
        var (cli, target) = Open(registry);
        using var _cli = cli;
        File.WriteAllText(Path.Combine(target, "agent.goals.yaml"), """
            goals:
              - id: remember
                title: Remember across cycles
                targets: [{ metric: tests.failed, max: 0 }]
                needs: [memory.store]
            """);
        var settings = new[] { "Discovery:IncludeUserConfig=false", "Discovery:AutoApprove:0=server-memory" }.SelectMany(s => new[] { "--config", s });

        var result = await cli.RunAsync([.. settings, "run", AgentRepository.Workflow("capability-discovery.json"), "--input", $"targetPath={target}", "--json"]);

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        var run = result.Json();
        Assert.AreEqual("Finished", run.GetProperty("status").GetString(), result.Output);
        Assert.AreEqual("memory.store", run.GetProperty("variables").GetProperty("topCapabilityGap").GetProperty("capability").GetString(), result.Output);
        Assert.AreEqual("integrated", run.GetProperty("variables").GetProperty("integration").GetProperty("outcome").GetString(), result.Output);
        var mcp = JsonDocument.Parse(File.ReadAllText(Path.Combine(target, ".mcp.json"))).RootElement.GetProperty("mcpServers");
        Assert.IsTrue(mcp.TryGetProperty("server-memory", out _), "the weekly workflow, given a target, wrote the server its goal needs");
    }
}
