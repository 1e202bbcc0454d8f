using Agent.Activities.Coordination.Distribution;
using Agent.Workflows.Runtime;

namespace Agent.Activities.Tests.Coordination.Distribution;

/// <summary>Workflows waiting in Agent.LeaseTask on the real engine and SQLite: resumed once per task, crash-safe.</summary>
[TestClass]
public sealed class LeaseTaskWorkflowTests
{
    private string _folder = null!;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestInitialize]
    public void CreateFolder() => _folder = TempFolder.Create("agent-lease-task-tests");

    [TestCleanup]
    public void DeleteFolder() => TempFolder.Delete(_folder);

    private static string Text(string value) => $$"""{ "typeName": "String", "expression": { "type": "Literal", "value": "{{value}}" } }""";

    /// <summary>Start → LeaseTask(agent) → WriteLine("&lt;id&gt; &lt;payload&gt;"), then Heartbeat → CompleteTask(id, agent, {"ok": true}) when <paramref name="complete"/>.</summary>
    private static string Worker(string agentId, bool complete = false, string id = "worker")
    {
        const string TaskId = """{ "typeName": "String", "expression": { "type": "JavaScript", "value": "return getOutputFrom('lease', 'task').id;" } }""";
        var activities = new List<string>
        {
            """{ "id": "start", "type": "Elsa.Start" }""",
            $$"""{ "id": "lease", "type": "Agent.LeaseTask", "agentId": {{Text(agentId)}} }""",
            """
            { "id": "say", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "JavaScript",
              "value": "const t = getOutputFrom('lease', 'task'); return t.id + ' ' + JSON.stringify(t.payload);" } } }
            """,
        };
        var connections = new List<string>
        {
            """{ "source": { "activity": "start", "port": "Done" }, "target": { "activity": "lease", "port": "In" } }""",
            """{ "source": { "activity": "lease", "port": "Done" }, "target": { "activity": "say", "port": "In" } }""",
        };
        if (complete)
        {
            activities.Add($$"""{ "id": "beat", "type": "Agent.Heartbeat", "agentId": {{Text(agentId)}}, "taskId": {{TaskId}} }""");
            activities.Add($$"""
                { "id": "done", "type": "Agent.CompleteTask", "agentId": {{Text(agentId)}}, "taskId": {{TaskId}},
                  "result": { "typeName": "Object", "expression": { "type": "JavaScript", "value": "return { ok: true };" } } }
                """);
            connections.Add("""{ "source": { "activity": "say", "port": "Done" }, "target": { "activity": "beat", "port": "In" } }""");
            connections.Add("""{ "source": { "activity": "beat", "port": "Done" }, "target": { "activity": "done", "port": "In" } }""");
        }
        return $$"""
            {
              "id": "{{id}}-v1", "definitionId": "{{id}}", "version": 1, "isPublished": true, "isLatest": true,
              "root": { "type": "Elsa.Flowchart", "id": "root", "activities": [ {{string.Join(",\n", activities)}} ], "connections": [ {{string.Join(",\n", connections)}} ] }
            }
            """;
    }

    /// <summary>Start → EnqueueTasks(tasks JSON text).</summary>
    private static string Enqueuer(string tasksJson, string id = "enqueuer") => $$"""
        {
          "id": "{{id}}-v1", "definitionId": "{{id}}", "version": 1, "isPublished": true, "isLatest": true,
          "root": {
            "type": "Elsa.Flowchart", "id": "root",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "enqueue", "type": "Agent.EnqueueTasks", "correlationId": {{Text("cycle-1")}},
                "tasks": { "typeName": "Object", "expression": { "type": "JavaScript", "value": "return {{tasksJson.Replace("\"", "\\\"")}};" } } }
            ],
            "connections": [ { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "enqueue", "port": "In" } } ]
          }
        }
        """;

    [TestMethod]
    public async Task A_workflow_waiting_in_LeaseTask_is_resumed_once_when_a_task_arrives_and_completes_it()
    {
        await using var host = await DistributionHost.OpenAsync(_folder);
        await host.RegisterAsync(("impl-1", "implementer"));
        var waiting = await host.StartAsync(Worker("impl-1", complete: true));
        Assert.AreEqual(WorkflowStatus.Suspended, waiting.Status);
        Assert.AreEqual(0, await host.Dispatcher.DispatchAsync(null, Token), "nothing to take yet");
        await host.EnqueueAsync("review-me", "reviewer");
        Assert.AreEqual(WorkflowStatus.Suspended, (await host.InstanceAsync(waiting.Id)).Status, "a reviewer's task does not wake an implementer");

        await host.EnqueueAsync("t1", "implementer", payload: """{"title":"first"}""");
        await host.EnqueueAsync("t2", "implementer", payload: """{"title":"second"}""");
        Assert.AreEqual(0, await host.Dispatcher.DispatchAsync(null, Token), "the enqueue already resumed it; nothing waits any more");
        var done = await host.InstanceAsync(waiting.Id);
        Assert.AreEqual(WorkflowStatus.Finished, done.Status, string.Join("; ", done.State.Incidents.Select(i => i.Message)));
        CollectionAssert.AreEqual(new[] { """t1 {"title":"first"}""" }, done.State.OutputLines);
        var t1 = await host.Queue.GetAsync("t1");
        Assert.AreEqual(TaskStatuses.Done, t1.Status);
        Assert.AreEqual("""{"ok":true}""", t1.Result!.Value.GetRawText());
        Assert.AreEqual(TaskStatuses.Queued, (await host.Queue.GetAsync("t2")).Status, "one task per resume");
    }

    [TestMethod]
    public async Task Two_waiting_workflows_of_one_agent_get_a_task_each_and_an_expired_lease_wakes_another_agents_workflow()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.Zero));
        await using var host = await DistributionHost.OpenAsync(_folder, clock);
        await host.RegisterAsync(("a", "implementer"), ("b", "implementer"));
        var first = await host.StartAsync(Worker("a", id: "w1"));
        var second = await host.StartAsync(Worker("a", id: "w2"));
        await host.Queue.EnqueueAsync([new TaskDraft { Id = "t1", Kind = "subtask", Role = "implementer" }, new TaskDraft { Id = "t2", Kind = "subtask", Role = "implementer" }]);
        var lines = new[] { await host.InstanceAsync(first.Id), await host.InstanceAsync(second.Id) }.SelectMany(i => i.State.OutputLines).Order().ToArray();
        CollectionAssert.AreEqual(new[] { "t1 {}", "t2 {}" }, lines);
        Assert.AreEqual(2, host.Scalar("SELECT COUNT(DISTINCT consumer) FROM tasks WHERE consumer LIKE 'workflow:%'"));

        var standby = await host.StartAsync(Worker("b", id: "w3"));
        Assert.AreEqual(WorkflowStatus.Suspended, standby.Status, "nothing queued for b");
        clock.Advance(TimeSpan.FromSeconds(50));
        await host.Queue.HeartbeatAsync("t2", "a");
        clock.Advance(TimeSpan.FromSeconds(12));
        var expired = await host.Queue.ExpireLeasesAsync(Token);
        Assert.AreEqual("t1", expired.Single().TaskId, "t2 was kept alive by heartbeats");
        var resumed = await host.InstanceAsync(standby.Id);
        Assert.AreEqual(WorkflowStatus.Finished, resumed.Status, "the expiry resumed b's waiting workflow");
        CollectionAssert.AreEqual(new[] { "t1 {}" }, resumed.State.OutputLines);
        var t1 = await host.Queue.GetAsync("t1");
        Assert.AreEqual(("b", 2), (t1.LeaseOwner, t1.Attempts));
        Assert.AreEqual(0, await host.Dispatcher.DispatchAsync(null, Token));
    }

    [TestMethod]
    public async Task A_crash_after_LeaseTask_took_its_task_but_before_the_state_was_saved_gets_the_same_task_on_recovery()
    {
        string instanceId;
        await using (var dying = await DistributionHost.OpenAsync(_folder, wrapStore: inner => new DyingStore(inner, "Agent.LeaseTask")))
        {
            await dying.RegisterAsync(("impl-1", "implementer"));
            instanceId = (await dying.StartAsync(Worker("impl-1"))).Id;
            await dying.EnqueueAsync("first", "implementer");
            await dying.EnqueueAsync("second", "implementer");
            await dying.Dispatcher.DrainAsync();
            Assert.AreEqual(WorkflowStatus.Running, (await dying.InstanceAsync(instanceId)).Status, "the completion was never saved");
            Assert.AreEqual("workflow:", (await dying.Queue.GetAsync("first")).Consumer?[..9], "the activity leased its task, then the process died");
        }
        await using var restarted = await DistributionHost.OpenAsync(_folder);
        var recovered = await restarted.Runtime.RecoverInterruptedAsync(Token);
        Assert.AreEqual(instanceId, recovered.Single().Id);
        var done = await restarted.InstanceAsync(instanceId);
        Assert.AreEqual(WorkflowStatus.Finished, done.Status, string.Join("; ", done.State.Incidents.Select(i => i.Message)));
        CollectionAssert.AreEqual(new[] { "first {}" }, done.State.OutputLines, "the re-run got the same task, not the second");
        Assert.AreEqual(1, (await restarted.Queue.GetAsync("first")).Attempts);
        Assert.AreEqual(TaskStatuses.Queued, (await restarted.Queue.GetAsync("second")).Status);
    }

    [TestMethod]
    public async Task EnqueueTasks_stores_a_list_once_and_bad_input_faults_the_instance_with_nothing_stored()
    {
        await using var host = await DistributionHost.OpenAsync(_folder);
        var run = await host.StartAsync(Enqueuer("""[{"id":"g1","kind":"gap","role":"implementer","capabilities":["git"],"payload":{"title":"x"}},{"id":"g2","kind":"gap","role":"reviewer"}]"""));
        Assert.AreEqual(WorkflowStatus.Finished, run.Status, string.Join("; ", run.State.Incidents.Select(i => i.Message)));
        var g1 = await host.Queue.GetAsync("g1");
        Assert.AreEqual("cycle-1", g1.CorrelationId);
        Assert.AreEqual("""{"title":"x"}""", g1.Payload.GetRawText());
        Assert.AreEqual(2, host.Scalar("SELECT COUNT(*) FROM tasks"));

        var bad = await host.StartAsync(Enqueuer("""[{"id":"g3","kind":"gap","role":"implementer"},{"id":"g4","kind":"gap","role":"wizard"}]""", id: "bad"));
        Assert.AreEqual(WorkflowStatus.Faulted, bad.Status);
        StringAssert.Contains(string.Join("; ", bad.State.Incidents.Select(i => i.Message)), "role 'wizard'");
        Assert.AreEqual(2, host.Scalar("SELECT COUNT(*) FROM tasks"), "g3 was not stored either");
    }

    [TestMethod]
    public async Task A_process_with_ResumeOnSend_false_enqueues_from_a_workflow_without_resuming_the_waiting_worker()
    {
        await using var host = await DistributionHost.OpenAsync(_folder, settings: new Dictionary<string, string?> { ["Coordination:ResumeOnSend"] = "false" });
        await host.RegisterAsync(("impl-1", "implementer"));
        var waiting = await host.StartAsync(Worker("impl-1"));

        var run = await host.StartAsync(Enqueuer("""[{"id":"g1","kind":"gap","role":"implementer"}]"""));
        await host.Dispatcher.DrainAsync();

        Assert.AreEqual(WorkflowStatus.Finished, run.Status);
        Assert.AreEqual(WorkflowStatus.Suspended, (await host.InstanceAsync(waiting.Id)).Status, "the worker is left to the server's sweep");
        Assert.AreEqual(TaskStatuses.Queued, (await host.Queue.GetAsync("g1")).Status);
        Assert.AreEqual(1, await host.Dispatcher.DispatchAsync(null, Token), "the sweep's dispatch hands it over");
        Assert.AreEqual(TaskStatuses.Leased, (await host.Queue.GetAsync("g1")).Status);
    }
}
