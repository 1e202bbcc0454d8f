using Agent.Activities.Discovery.Integration;
using Agent.Activities.Tests.Discovery.Integration;

namespace Agent.Activities.Tests.Safety.Policy;

/// <summary>The policy where MCP servers are integrated: a denied <c>tool.integrate</c> is rejected even when the server is auto-approved (real npm install and probe, loopback registry).</summary>
[TestClass]
[TestCategory("Slow")]
public sealed class PolicyIntegrationTests
{
    private const string Memory = "io.github.modelcontextprotocol/server-memory";
    private string _folder = null!;

    public TestContext TestContext { get; set; } = null!;

    [TestInitialize]
    public void CreateFolder() => _folder = TempFolder.Create("agent-policy-integration");

    [TestCleanup]
    public void DeleteFolder() => TempFolder.Delete(_folder);

    [TestMethod]
    public async Task A_target_policy_denying_the_package_rejects_an_auto_approved_integration_and_writes_nothing()
    {
        await using var registry = LoopbackMcpRegistry.Start()
            .Add(LoopbackMcpRegistry.NpmServer(Memory, "@modelcontextprotocol/server-memory", IntegrationHost.ServersVersion, "Knowledge graph memory"));
        await using var host = await IntegrationHost.OpenAsync(_folder, registry.BaseUrl, new Dictionary<string, string?> { ["AutoApprove:0"] = "io.github.modelcontextprotocol/*" });
        await File.WriteAllTextAsync(Path.Combine(host.Target, "agent.policy.yaml"), """
            rules:
              - id: no-memory-servers
                match: { action: tool.integrate, package: "npm:@modelcontextprotocol/server-memory@*" }
                reason: this repository keeps no memory between runs
            """, TestContext.CancellationToken);

        await host.Engine.StartAsync(IntegrationHost.Workflow(host.Target, serverName: Memory));

        var attempt = (await host.Attempts.ListRecentAsync(1, TestContext.CancellationToken)).Single();
        Assert.AreEqual(IntegrationOutcomes.Rejected, attempt.Outcome, attempt.Reason);
        StringAssert.Contains(attempt.Reason, $"refused by the policy: rule 'no-memory-servers' ({Path.Combine(host.Target, "agent.policy.yaml")}:2): this repository keeps no memory between runs");
        Assert.IsFalse(File.Exists(host.McpJson), ".mcp.json is not written");
        Assert.IsFalse(Directory.Exists(Path.Combine(host.Sandbox, "server-memory")), "the sandbox is dropped");
    }
}
