using Agent.Activities.Discovery.Integration;
using Agent.Activities.Safety.Decisions;
using Agent.Activities.Safety.Events;
using Agent.Activities.Safety.Scanning;
using Agent.Activities.Tests.Discovery.Integration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Activities.Tests.Safety.Decisions;

/// <summary>The integrate-tool decision on the real integration (loopback registry, real npm server-memory): a denied decision rejects even an auto-approved server.</summary>
[TestClass]
[TestCategory("Slow")]
public sealed class IntegrateToolDecisionTests
{
    private const string Memory = "io.github.modelcontextprotocol/server-memory";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task An_auto_approved_server_outside_the_allowed_hours_is_rejected_by_its_decision_and_mcp_json_is_unchanged()
    {
        var folder = TempFolder.Create("agent-integrate-decision");
        try
        {
            await using var registry = LoopbackMcpRegistry.Start()
                .Add(LoopbackMcpRegistry.NpmServer(Memory, "@modelcontextprotocol/server-memory", IntegrationHost.ServersVersion, "Knowledge graph memory"));
            var sink = new RecordingSink();
            var clock = new ManualClock(new DateTimeOffset(2026, 12, 6, 3, 0, 0, TimeSpan.Zero));
            var safety = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Safety:Decisions:AllowedHours"] = "08:00-18:00" }).Build();
            await using var host = await IntegrationHost.OpenAsync(folder, registry.BaseUrl, new Dictionary<string, string?> { ["AutoApprove:0"] = "io.github.modelcontextprotocol/*" }, clock, services =>
            {
                services.AddSecurityScanning(safety.GetSection(ScanningOptions.SectionName));
                services.AddSafetyDecisions(safety.GetSection(DecisionsOptions.SectionName), Path.Combine(folder, "agent.db"));
                services.AddSingleton<ISafetyEventSink>(sink);
            });

            var started = await host.Engine.StartAsync(IntegrationHost.Workflow(host.Target, serverName: Memory));

            var instance = await host.Engine.InstanceAsync(started.Id);
            CollectionAssert.AreEqual(new[] { "rejected" }, instance.State.OutputLines);
            Assert.IsFalse(File.Exists(host.McpJson), "nothing was written");
            var attempt = (await host.Attempts.ListRecentAsync(1, TestContext.CancellationToken)).Single();
            Assert.AreEqual(IntegrationOutcomes.Rejected, attempt.Outcome);
            StringAssert.Contains(attempt.Reason, "allowed-hours fails: it is 03:00 UTC; allowed 08:00-18:00");
            var record = (await host.Engine.Get<DecisionStore>().ForCycleAsync(started.Id, TestContext.CancellationToken)).Single();
            Assert.AreEqual((DecisionKinds.IntegrateTool, DecisionOutcome.Deny), (record.Kind, record.Outcome));
            Assert.AreEqual("deny", sink.Events.Single().Data["outcome"]);
        }
        finally { TempFolder.Delete(folder); }
    }
}
