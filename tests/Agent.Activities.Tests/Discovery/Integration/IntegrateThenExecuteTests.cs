using Agent.Activities.Safety.Policy;
using Agent.Activities.Discovery;
using Agent.Activities.Discovery.Integration;
using Agent.Activities.Tests.Claude;
using Agent.Workflows.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Activities.Tests.Discovery.Integration;

/// <summary>
/// One workflow: Agent.IntegrateTool (allowed by the auto-approve policy) and then Agent.ClaudeExecute in the same
/// folder. The engine and its services stay up the whole time, so the server reaches Claude Code without a restart.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class IntegrateThenExecuteTests
{
    private const string Memory = "io.github.modelcontextprotocol/server-memory";

    private const string Script = """
        { "rules": [
          { "match": { "turn": 1 }, "respond": { "toolUse": [ { "name": "mcp__server-memory__read_graph", "input": {} } ] } },
          { "match": { "turn": 2 }, "respond": { "text": "Read the graph." } } ] }
        """;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task The_ClaudeExecute_after_an_integration_gets_the_new_server_connected_and_can_call_it()
    {
        await using var registry = LoopbackMcpRegistry.Start()
            .Add(LoopbackMcpRegistry.NpmServer(Memory, "@modelcontextprotocol/server-memory", IntegrationHost.ServersVersion));
        await using var harness = await ClaudeWorkflowHarness.StartAsync(Script, TestContext.CancellationToken, addServices: (services, root) =>
        {
            var discovery = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Registry:BaseUrl"] = registry.BaseUrl, ["AutoApprove:0"] = Memory,
                ["SandboxDirectory"] = Path.Combine(root, "mcp"), ["AttemptsDatabasePath"] = Path.Combine(root, "attempts.db"),
            }).Build();
            services.AddCapabilityIntegration(discovery);
            services.AddSafetyPolicy(new ConfigurationBuilder().Build().GetSection(PolicyOptions.SectionName), root);
            services.Configure<DiscoveryOptions>(o => o.TaxonomyPath = Path.Combine(AgentRepository.Root, "capabilities.yaml"));
        });
        var json = Wf.Flowchart(
            [
                Wf.Start(),
                Wf.Activity("integrate", "Agent.IntegrateTool", ("capability", Wf.Lit("memory.store")), ("target", Wf.Lit(harness.WorkingDirectory))),
                harness.Execute("exec", ("prompt", Wf.Lit("what do you remember?")), ("allowedTools", Wf.Lit("""["mcp__server-memory__read_graph"]""", "Object"))),
                Wf.WriteLine("report", "var r = getOutputFrom('exec', 'result'); return r.text + ' | ' + r.mcpServers.map(function (s) { return s.name + '=' + s.status; }).join(',');"),
            ],
            [Wf.Connect("start", "integrate"), Wf.Connect("integrate", "exec", IntegrateTool.IntegratedOutcome), Wf.Connect("exec", "report", "Done")]);

        var instance = await harness.RunAsync(json, TestContext.CancellationToken);

        Assert.AreEqual(WorkflowStatus.Finished, instance.Status, string.Join("; ", instance.State.Incidents.Select(i => i.Message)));
        CollectionAssert.AreEqual(new[] { "Read the graph. | server-memory=connected" }, instance.State.OutputLines);
        Assert.HasCount(2, harness.Server.Log.MessagesRequests, "the model called the integrated tool, then answered");
    }
}
