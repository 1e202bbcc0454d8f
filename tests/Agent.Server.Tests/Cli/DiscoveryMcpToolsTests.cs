using System.Text.Json;
using ModelContextProtocol;
using static Agent.Server.Tests.Cli.McpTestClient;

namespace Agent.Server.Tests.Cli;

/// <summary>The <c>capabilities_scan</c> and <c>capabilities_gaps</c> MCP tools of <c>agent serve</c>, through the official SDK client.</summary>
[TestClass]
[TestCategory("Slow")]
public sealed class DiscoveryMcpToolsTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task The_scan_and_gaps_tools_answer_with_the_map_and_the_ranking()
    {
        using var cli = new CliHarness();
        var target = cli.Subfolder("target");
        File.WriteAllText(Path.Combine(target, "agent.goals.yaml"), """
            goals:
              - id: informed
                title: Research before changing
                targets: [{ metric: tests.failed, max: 0 }]
                needs: [web.search, memory.store]
            """);
        await using var server = await ServerProcess.StartAsync(cli, Token,
            ("Discovery:IncludeUserConfig", "false"),
            ("Discovery:DatabasePath", Path.Combine(cli.Folder, "capabilities.db")),
            ("Discovery:Servers:memory:command", McpTestServers.Bin("memory")),
            ("Discovery:Servers:memory:env:MEMORY_FILE_PATH", Path.Combine(cli.Folder, "memory.jsonl")));
        await using var client = await ConnectAsync(server.Url, ServerProcess.ApiKey, Token);

        var scan = JsonDocument.Parse(Text(await client.CallToolAsync("capabilities_scan", new Dictionary<string, object?>(), cancellationToken: Token))).RootElement;
        var gaps = JsonDocument.Parse(Text(await client.CallToolAsync("capabilities_gaps", new Dictionary<string, object?> { ["target"] = target }, cancellationToken: Token))).RootElement;
        var bad = await Assert.ThrowsAsync<McpException>(() => client.CallToolAsync("capabilities_gaps", new Dictionary<string, object?> { ["target"] = "/no/such/dir" }, cancellationToken: Token).AsTask());

        var memory = scan.GetProperty("servers").EnumerateArray().Single();
        Assert.AreEqual("ok", memory.GetProperty("status").GetString(), $"{scan}\n{server.Log}");
        Assert.IsTrue(memory.GetProperty("tools").EnumerateArray().Any(t => t.GetProperty("capabilities").EnumerateArray().Any(c => c.GetString() == "memory.store")));
        CollectionAssert.AreEqual(new[] { "web.search" }, gaps.GetProperty("gaps").EnumerateArray().Select(g => g.GetProperty("capability").GetString()).ToList(), gaps.ToString());
        Assert.Contains("target", bad.Message);
    }
}
