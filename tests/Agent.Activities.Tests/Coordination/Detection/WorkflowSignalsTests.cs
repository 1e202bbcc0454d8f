using Agent.Activities.Coordination.Detection;
using Agent.Activities.Coordination.Messaging;
using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;
using Agent.Workflows.Versioning;

namespace Agent.Activities.Tests.Coordination.Detection;

/// <summary>Detection from the engine's side: ReceiveMessage bookmarks in the wait-for graph, and faults in the agents' workflow journals.</summary>
[TestClass]
public sealed class WorkflowSignalsTests
{
    private string _folder = null!;

    public TestContext TestContext { get; set; } = null!;

    [TestInitialize]
    public void CreateFolder() => _folder = TempFolder.Create("agent-detection-workflows");

    [TestCleanup]
    public void DeleteFolder() => TempFolder.Delete(_folder);

    private static async Task<WorkflowInstance> StartAsync(DetectionHost host, string json)
    {
        var stored = await host.Get<WorkflowDefinitionService>().StoreForRunAsync(json, "test", CancellationToken.None);
        return await host.Get<WorkflowRuntime>().StartAsync(stored.Definition);
    }

    private static string Faulting(string id, string message) => $$"""
        {
          "id": "{{id}}-v1", "definitionId": "{{id}}", "version": 1, "isPublished": true, "isLatest": true,
          "root": { "type": "Elsa.Flowchart", "id": "root",
            "activities": [ { "id": "start", "type": "Elsa.Start" },
              { "id": "build", "type": "Elsa.Fault", "message": { "typeName": "String", "expression": { "type": "Literal", "value": "{{message}}" } } } ],
            "connections": [ { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "build", "port": "In" } } ] }
        }
        """;

    [TestMethod]
    public async Task Workflows_waiting_for_each_others_answers_are_a_deadlock_whatever_status_the_agents_reported()
    {
        await using var host = await DetectionHost.OpenAsync(_folder);
        await host.RegisterAsync(("agent-a", AgentStatuses.Working), ("agent-b", AgentStatuses.Working));
        var toB = await host.SendAsync("question", "agent-a", "agent-b", """{ "text": "Which API?" }""");
        var toA = await host.SendAsync("question", "agent-b", "agent-a", """{ "text": "Which schema?" }""");
        Assert.IsEmpty(await host.DetectAsync(DetectorNames.Deadlock), "both still work: they may answer");

        await StartAsync(host, MessagingWorkflows.Receiver("agent-a", "answer", toB, id: "wait-a"));
        Assert.IsEmpty(await host.DetectAsync(DetectorNames.Deadlock), "only agent-a waits");
        await StartAsync(host, MessagingWorkflows.Receiver("agent-b", "answer", toA, id: "wait-b"));

        var finding = (await host.DetectAsync(DetectorNames.Deadlock)).Single();
        CollectionAssert.AreEqual(new[] { "agent-a", "agent-b" }, finding.Agents.ToArray());
    }

    [TestMethod]
    public async Task The_same_fault_in_three_agents_workflow_journals_is_an_echo_loop()
    {
        await using var host = await DetectionHost.OpenAsync(_folder);
        var workspaces = new List<AgentWorkspace>();
        foreach (var (agent, line) in new[] { ("agent-a", 12), ("agent-b", 40), ("agent-c", 7) })
        {
            var instance = await StartAsync(host, Faulting($"work-{agent}", $"dotnet build failed: Calc.cs({line},5): error CS1002"));
            Assert.AreEqual(WorkflowStatus.Faulted, instance.Status);
            workspaces.Add(new AgentWorkspace(agent, $"task-{agent}", _folder, InstanceId: instance.Id));
        }
        var other = await StartAsync(host, Faulting("work-d", "tests failed: CalcTests.Add"));
        workspaces.Add(new AgentWorkspace("agent-d", "task-d", _folder, InstanceId: other.Id));

        var finding = (await host.DetectAsync(DetectorNames.EchoLoop, [.. workspaces])).Single();

        CollectionAssert.AreEqual(new[] { "agent-a", "agent-b", "agent-c" }, finding.Agents.ToArray());
        StringAssert.StartsWith(finding.Evidence["seen"]!.AsArray()[0]!["source"]!.GetValue<string>(), "journal:");
        Assert.IsEmpty(await host.DetectAsync(DetectorNames.EchoLoop, [.. workspaces.Take(2)]), "two agents are under the default of three");
    }
}
