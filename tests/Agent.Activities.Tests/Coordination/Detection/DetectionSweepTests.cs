using Agent.Activities.Coordination.Detection;
using Agent.Activities.Coordination.Messaging;
using Agent.Activities.Safety.Events;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Tests.Coordination.Detection;

/// <summary>The sweep: incidents stored once with their action, published once (even after a crash), the pause flag, the activity, and bad configuration.</summary>
[TestClass]
public sealed class DetectionSweepTests
{
    private string _folder = null!;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestInitialize]
    public void CreateFolder() => _folder = TempFolder.Create("agent-detection-sweep");

    [TestCleanup]
    public void DeleteFolder() => TempFolder.Delete(_folder);

    private static async Task BounceAsync(DetectionHost host)
    {
        await host.RegisterAsync(("agent-a", AgentStatuses.Working), ("agent-b", AgentStatuses.Working));
        for (var i = 0; i < 2; i++)
        {
            await host.SendAsync("question", "agent-a", "agent-b", """{ "text": "Is the build green?" }""");
            await host.SendAsync("question", "agent-b", "agent-a", """{ "text": "Is the build green?" }""");
        }
    }

    [TestMethod]
    public async Task A_finding_raises_one_incident_pauses_and_is_published_once_however_often_the_sweep_runs()
    {
        await using var host = await DetectionHost.OpenAsync(_folder);
        await BounceAsync(host);

        var first = await host.Sweep.RunAsync([], Token);
        var second = await host.Sweep.RunAsync([], Token);

        var incident = first.Raised.Single();
        Assert.AreEqual(DetectorNames.EchoLoop, incident.Detector);
        Assert.AreEqual(IncidentActions.Pause, incident.Action);
        Assert.IsEmpty(second.Raised, "the same evidence raises no second incident");
        Assert.IsTrue(first.Paused);
        Assert.IsFalse(first.SpawnsStopped);
        Assert.IsEmpty(first.Failures);
        var stored = (await host.Incidents.ListAsync(null, 10, Token)).Single();
        Assert.AreEqual(incident.Id, stored.Id);
        Assert.IsNotNull(stored.PublishedAt);
        StringAssert.Contains(stored.Evidence, "\"repeats\":4");
        var published = host.Sink.Events.Single();
        Assert.AreEqual(SafetyEventKinds.CoordinationIncident, published.Kind);
        Assert.AreEqual(incident.Id, published.Data["incidentId"]);
        Assert.AreEqual(Agent.Activities.Safety.Audit.SafetyEventPublishing.StableId(SafetyEventKinds.CoordinationIncident, incident.Id), published.Id, "a stable id: a re-publish after a crash is taken once");
        Assert.AreEqual("agent-a,agent-b", published.Data["agents"]);
        var flag = (await host.Get<CoordinationControl>().ListAsync(Token)).Single();
        StringAssert.Contains(flag.Reason, incident.Id);
        Assert.AreEqual("detection", flag.SetBy);
    }

    [TestMethod]
    public async Task An_incident_stored_but_not_published_before_a_crash_is_published_by_the_next_sweep()
    {
        await using (var crashed = await DetectionHost.OpenAsync(_folder, withSink: false))
        {
            await BounceAsync(crashed);
            Assert.HasCount(1, (await crashed.Sweep.RunAsync([], Token)).Raised);
            Assert.IsNull((await crashed.Incidents.UnpublishedAsync(Token)).Single().PublishedAt);
        }
        await using var restarted = await DetectionHost.OpenAsync(_folder);
        var result = await restarted.Sweep.RunAsync([], Token);
        Assert.IsEmpty(result.Raised);
        Assert.HasCount(1, restarted.Sink.Events);
        Assert.IsEmpty(await restarted.Incidents.UnpublishedAsync(Token));
        await restarted.Sweep.RunAsync([], Token);
        Assert.HasCount(1, restarted.Sink.Events);
    }

    [TestMethod]
    public async Task A_normal_coordination_raises_nothing_and_a_failing_detector_does_not_stop_the_others()
    {
        await using var host = await DetectionHost.OpenAsync(_folder);
        await host.RegisterAsync(("agent-a", AgentStatuses.Working), ("agent-b", AgentStatuses.Waiting));
        var question = await host.SendAsync("question", "agent-b", "agent-a", """{ "text": "Which API?" }""");
        await host.SendAsync("answer", "agent-a", "agent-b", """{ "text": "REST" }""", question);
        await host.SendAsync("task", "agent-a", "agent-b", """{ "title": "Add Sub" }""");
        await host.SendAsync("result", "agent-b", "agent-a", """{ "status": "succeeded", "summary": "Added Sub" }""");

        var notARepository = Directory.CreateDirectory(Path.Combine(_folder, "plain")).FullName;
        var result = await host.Sweep.RunAsync([new("agent-a", "task-1", notARepository)], Token);

        Assert.IsEmpty(result.Raised);
        Assert.IsFalse(result.Paused);
        CollectionAssert.AreEquivalent(new[] { DetectorNames.Oscillation, DetectorNames.DuplicateWork }, result.Failures.Select(f => f.Detector).ToArray());
        StringAssert.Contains(result.Failures[0].Error, "git");
        Assert.IsEmpty(host.Sink.Events);

        var error = await Assert.ThrowsExactlyAsync<DetectionException>(() => host.Sweep.RunAsync([new("agent-a", "", notARepository)], Token));
        StringAssert.Contains(error.Message, "needs an agent id, a task id and a worktree path");
    }

    [TestMethod]
    public async Task Pause_and_resume_persist_across_hosts_and_a_pause_needs_a_reason()
    {
        await using (var first = await DetectionHost.OpenAsync(_folder))
        {
            await Assert.ThrowsExactlyAsync<DetectionException>(() => first.Control.PauseAsync("  ", Token));
            Assert.IsFalse(await first.Control.IsPausedAsync(Token), "a refused pause stores nothing");
            await first.Control.PauseAsync("reviewing the agents' output", Token);
            await first.Control.StopSpawnsAsync("too many agents", Token);
        }
        await using var second = await DetectionHost.OpenAsync(_folder);
        Assert.IsTrue(await second.Control.IsPausedAsync(Token));
        Assert.IsTrue(await second.Control.AreSpawnsStoppedAsync(Token));
        Assert.AreEqual("reviewing the agents' output", (await second.Get<CoordinationControl>().ListAsync(Token)).Single(f => f.Name == CoordinationControl.Paused).Reason);
        await second.Control.ResumeAsync(Token);
        Assert.IsFalse(await second.Control.IsPausedAsync(Token));
        Assert.IsFalse(await second.Control.AreSpawnsStoppedAsync(Token));
    }

    private static string Detect(string workspacesJs) => $$"""
        {
          "id": "detect-v1", "definitionId": "detect", "version": 1, "isPublished": true, "isLatest": true,
          "root": { "type": "Elsa.Flowchart", "id": "root",
            "activities": [ { "id": "start", "type": "Elsa.Start" },
              { "id": "detect", "type": "Agent.DetectEmergentBehaviour",
                "workspaces": { "typeName": "Object", "expression": { "type": "JavaScript", "value": "{{workspacesJs}}" } } } ],
            "connections": [ { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "detect", "port": "In" } } ] }
        }
        """;

    private static async Task<(Agent.Workflows.Runtime.WorkflowInstance Instance, Agent.Workflows.Runtime.JournalEntry Entry)> RunAsync(DetectionHost host, string json, CancellationToken token)
    {
        var stored = await host.Get<Agent.Workflows.Versioning.WorkflowDefinitionService>().StoreForRunAsync(json, "test", token);
        var instance = await host.Get<Agent.Workflows.Runtime.WorkflowRuntime>().StartAsync(stored.Definition);
        var journal = await host.Get<Agent.Workflows.Persistence.IWorkflowInstanceStore>().GetJournalAsync(instance.Id, token);
        return (instance, journal.Single(e => e.ActivityId == "detect"));
    }

    [TestMethod]
    public async Task The_activity_runs_the_sweep_over_its_workspaces_and_ends_clear_or_paused()
    {
        await using var host = await DetectionHost.OpenAsync(_folder);
        var plain = Directory.CreateDirectory(Path.Combine(_folder, "plain")).FullName.Replace("\\", "/");

        var (clear, clearEntry) = await RunAsync(host, Detect($"return [{{ agentId: 'agent-a', taskId: 'task-1', worktreePath: '{plain}' }}];"), Token);
        Assert.AreEqual(Agent.Workflows.Runtime.WorkflowStatus.Finished, clear.Status);
        Assert.AreEqual(DetectEmergentBehaviour.ClearOutcome, clearEntry.Outcomes);
        StringAssert.Contains(clearEntry.Payload, "duplicate-work", "the workspace reached the git detectors, which report the folder is no repository");

        await BounceAsync(host);
        var (paused, pausedEntry) = await RunAsync(host, Detect("return [];"), Token);
        Assert.AreEqual(Agent.Workflows.Runtime.WorkflowStatus.Finished, paused.Status);
        Assert.AreEqual(DetectEmergentBehaviour.PausedOutcome, pausedEntry.Outcomes);
        Assert.HasCount(1, await host.Incidents.ListAsync(DetectorNames.EchoLoop, 10, Token));

        var (faulted, faultEntry) = await RunAsync(host, Detect($"return [{{ agentId: 'agent-a', taskId: '', worktreePath: '{plain}' }}];"), Token);
        Assert.AreEqual(Agent.Workflows.Runtime.WorkflowStatus.Faulted, faulted.Status);
        StringAssert.Contains(faultEntry.Error, "needs an agent id, a task id and a worktree path");
    }

    [TestMethod]
    public async Task Bad_detection_settings_are_refused_naming_each_key()
    {
        await using var host = await DetectionHost.OpenAsync(_folder, new Dictionary<string, string?>
        {
            ["Coordination:Detection:Interval"] = "00:00:00",
            ["Coordination:Detection:Oscillation:MinFlips"] = "-1",
            ["Coordination:Detection:CostSpike:Multiple"] = "0.5",
            ["Coordination:Detection:EchoLoop:MinRepeats"] = "1",
        });
        var error = Assert.ThrowsExactly<OptionsValidationException>(() => host.Get<IOptions<DetectionOptions>>().Value);
        var message = string.Join("\n", error.Failures);
        StringAssert.Contains(message, "Coordination:Detection:Interval: must be from 00:00:01");
        StringAssert.Contains(message, "Coordination:Detection:Oscillation:MinFlips: must be from 1 to 1000 flips");
        StringAssert.Contains(message, "Coordination:Detection:CostSpike:Multiple");
        StringAssert.Contains(message, "Coordination:Detection:EchoLoop:MinRepeats");
    }
}
