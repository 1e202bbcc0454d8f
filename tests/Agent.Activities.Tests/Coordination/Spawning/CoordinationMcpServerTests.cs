using System.Text.Json;
using Agent.Workflows.Runtime;

namespace Agent.Activities.Tests.Coordination.Spawning;

/// <summary>Agent.CoordinationMcpServer: the sub-agent's own agent mcp, on the same coordination.db, resuming no workflows.</summary>
[TestClass]
public sealed class CoordinationMcpServerTests
{
    private const string Workflow = """
        {
          "id": "mcp-v1", "definitionId": "mcp", "version": 1, "isPublished": true, "isLatest": true,
          "root": {
            "type": "Elsa.Flowchart", "id": "root",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "mcp", "type": "Agent.CoordinationMcpServer", "agentId": { "typeName": "String", "expression": { "type": "Literal", "value": "impl-7" } } },
              { "id": "say", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "JavaScript", "value": "return JSON.stringify(getOutputFrom('mcp', 'servers'));" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "mcp", "port": "In" } },
              { "source": { "activity": "mcp", "port": "Done" }, "target": { "activity": "say", "port": "In" } }
            ]
          }
        }
        """;

    [TestMethod]
    public async Task The_server_is_the_configured_agent_mcp_on_this_database_and_extras_cannot_override_its_coordination_settings()
    {
        var folder = TempFolder.Create("agent-mcp-server-tests");
        try
        {
            await using var host = await SpawnHost.OpenAsync(folder, new Dictionary<string, string?>
            {
                ["Coordination:McpCommand"] = "bash",
                ["Coordination:McpArguments:0"] = "/opt/agent/agent",
                ["Coordination:McpEnvironment:AGENT_Agent__DataDirectory"] = "/data",
                ["Coordination:McpEnvironment:AGENT_Coordination__ResumeOnSend"] = "true",
            }, importWorker: false);

            var instance = await host.StartAsync(Workflow);

            Assert.AreEqual(WorkflowStatus.Finished, instance.Status, string.Join("\n", instance.State.Incidents.Select(i => i.Message)));
            using var servers = JsonDocument.Parse(instance.State.OutputLines.Single());
            var agent = servers.RootElement.GetProperty("agent");
            Assert.AreEqual("bash", agent.GetProperty("command").GetString());
            CollectionAssert.AreEqual(new[] { "/opt/agent/agent", "mcp" }, agent.GetProperty("args").EnumerateArray().Select(a => a.GetString()).ToArray());
            var env = agent.GetProperty("env");
            Assert.AreEqual("false", env.GetProperty("AGENT_Coordination__ResumeOnSend").GetString());
            Assert.AreEqual(Path.Combine(folder, "coordination.db"), env.GetProperty("AGENT_Coordination__DatabasePath").GetString());
            Assert.AreEqual("/data", env.GetProperty("AGENT_Agent__DataDirectory").GetString());
            Assert.AreEqual("impl-7", env.GetProperty("AGENT_COORDINATION_AGENT_ID").GetString());
        }
        finally { TempFolder.Delete(folder); }
    }
}
