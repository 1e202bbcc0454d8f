using System.Text.Json;
using Agent.Server.Serve;
using ModelContextProtocol;
using static Agent.Server.Tests.Cli.McpTestClient;

namespace Agent.Server.Tests.Cli;

/// <summary>The capability MCP tools of <c>agent serve</c> against a loopback MCP Registry and the real npm memory server.</summary>
[TestClass]
public sealed class CapabilityToolsTests
{
    private const string McpApiKey = "mcp-tests-api-key-0123456789";
    private const string Memory = "io.github.modelcontextprotocol/server-memory";

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task Search_integrate_under_the_auto_approve_policy_and_remove_work_as_tools_and_bad_input_is_invalid_params()
    {
        await using var registry = LoopbackMcpRegistry.Start()
            .Add(LoopbackMcpRegistry.NpmServer(Memory, "@modelcontextprotocol/server-memory", "2026.8.31", "Knowledge graph memory"));
        using var cli = new CliHarness();
        var target = cli.Subfolder("target");
        var settings = cli.ServerSettings(("Auth:ApiKeys:0", McpApiKey), ("Discovery:Registry:BaseUrl", registry.BaseUrl), ("Discovery:AutoApprove:0", "*/server-memory"));
        await using var app = AgentServer.Build(settings);
        await app.StartAsync(Token);
        try
        {
            await using var client = await McpTestClient.ConnectAsync(new Uri(app.Urls.First()), McpApiKey, Token);

            var found = await client.CallToolAsync("capabilities_search", new Dictionary<string, object?> { ["text"] = "memory" }, cancellationToken: Token);
            Assert.AreEqual(Memory, JsonDocument.Parse(Text(found)).RootElement[0].GetProperty("server").GetProperty("name").GetString(), Text(found));

            var integrated = await client.CallToolAsync("capability_integrate", new Dictionary<string, object?> { ["name"] = Memory, ["target"] = target, ["capability"] = "memory.store" }, cancellationToken: Token);
            var attempt = JsonDocument.Parse(Text(integrated)).RootElement.GetProperty("attempt");
            Assert.AreEqual("integrated", attempt.GetProperty("outcome").GetString(), Text(integrated));
            StringAssert.Contains(attempt.GetProperty("reason").GetString(), "Discovery:AutoApprove '*/server-memory'");
            StringAssert.Contains(File.ReadAllText(Path.Combine(target, ".mcp.json")), "\"server-memory\"");

            var removed = await client.CallToolAsync("capability_remove", new Dictionary<string, object?> { ["name"] = "server-memory", ["target"] = target }, cancellationToken: Token);
            Assert.AreEqual("removed", JsonDocument.Parse(Text(removed)).RootElement.GetProperty("outcome").GetString(), Text(removed));
            Assert.DoesNotContain("server-memory", File.ReadAllText(Path.Combine(target, ".mcp.json")));

            var unknown = await Assert.ThrowsAsync<McpException>(() => client.CallToolAsync("capability_integrate", new Dictionary<string, object?> { ["name"] = "io.github.nobody/nothing", ["target"] = target }, cancellationToken: Token).AsTask());
            StringAssert.Contains(unknown.Message, "No server named 'io.github.nobody/nothing'");
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
    }
}
