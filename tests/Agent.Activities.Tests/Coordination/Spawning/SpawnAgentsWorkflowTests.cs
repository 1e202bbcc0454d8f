using Agent.Activities.Coordination.Messaging;
using Agent.Activities.Coordination.Spawning;
using Agent.Workflows.Runtime;

namespace Agent.Activities.Tests.Coordination.Spawning;

/// <summary>Agent.SpawnAgents in a coordinating workflow on the real engine and SQLite.</summary>
[TestClass]
public sealed class SpawnAgentsWorkflowTests
{
    private string _folder = null!;

    [TestInitialize]
    public void CreateFolder() => _folder = TempFolder.Create("agent-spawn-activity-tests");

    [TestCleanup]
    public void DeleteFolder() => TempFolder.Delete(_folder);

    private static string Coordinator(string count, string id = "coordinator") => $$"""
        {
          "id": "{{id}}-v1", "definitionId": "{{id}}", "version": 1, "isPublished": true, "isLatest": true,
          "root": {
            "type": "Elsa.Flowchart", "id": "root",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "spawn", "type": "Agent.SpawnAgents",
                "role": { "typeName": "String", "expression": { "type": "Literal", "value": "reviewer" } },
                "count": { "typeName": "Int32", "expression": { "type": "JavaScript", "value": "return {{count}};" } },
                "parentId": { "typeName": "String", "expression": { "type": "Literal", "value": "lead" } },
                "correlationId": { "typeName": "String", "expression": { "type": "Literal", "value": "cycle-3" } },
                "maxUsd": { "typeName": "Object", "expression": { "type": "JavaScript", "value": "return 0.25;" } } },
              { "id": "say", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "JavaScript",
                "value": "return getOutputFrom('spawn', 'agentIds').join(',');" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "spawn", "port": "In" } },
              { "source": { "activity": "spawn", "port": "Done" }, "target": { "activity": "say", "port": "In" } }
            ]
          }
        }
        """;

    [TestMethod]
    public async Task SpawnAgents_spawns_the_count_under_the_parent_and_outputs_their_ids()
    {
        await using var host = await SpawnHost.OpenAsync(_folder);
        await host.RegisterAsync(("lead", "planner"));

        var instance = await host.StartAsync(Coordinator("2"));

        Assert.AreEqual(WorkflowStatus.Finished, instance.Status, string.Join("\n", instance.State.Incidents.Select(i => i.Message)));
        var ids = instance.State.OutputLines.Single().Split(',');
        Assert.HasCount(2, ids);
        Assert.HasCount(2, ids.Distinct());
        // One request per agent, keyed by the step's execution id and the agent's index (so a re-run spawns no second set).
        Assert.AreEqual(1L, host.Scalar("SELECT COUNT(*) FROM spawn_requests WHERE id LIKE '%:0'"));
        Assert.AreEqual(1L, host.Scalar("SELECT COUNT(*) FROM spawn_requests WHERE id LIKE '%:1'"));
        foreach (var id in ids)
        {
            var agent = (await host.Agents.FindAsync(id))!;
            Assert.AreEqual("lead", agent.ParentId);
            Assert.AreEqual("reviewer", agent.Role);
        }
        Assert.AreEqual(2L, host.Scalar("SELECT COUNT(*) FROM spawn_requests WHERE correlation_id = 'cycle-3' AND max_usd = 0.25 AND permission_mode = 'plan'"));
        await host.Get<WorkerLauncher>().DrainAsync();
    }

    [TestMethod]
    public async Task A_count_out_of_range_or_an_unknown_parent_faults_the_step_and_spawns_nothing()
    {
        await using var host = await SpawnHost.OpenAsync(_folder);

        var zero = await host.StartAsync(Coordinator("0", "zero"));
        var orphan = await host.StartAsync(Coordinator("1", "orphan"));

        Assert.AreEqual(WorkflowStatus.Faulted, zero.Status);
        StringAssert.Contains(zero.State.Incidents.Single().Message, "give 1 to 64 agents");
        Assert.AreEqual(WorkflowStatus.Faulted, orphan.Status);
        StringAssert.Contains(orphan.State.Incidents.Single().Message, "'lead' is not registered");
        Assert.AreEqual(0L, host.Scalar("SELECT COUNT(*) FROM spawn_requests"));
    }
}
