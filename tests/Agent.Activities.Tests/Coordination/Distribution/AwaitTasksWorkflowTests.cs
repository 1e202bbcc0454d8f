using Agent.Activities.Coordination.Distribution;
using Agent.Workflows.Runtime;

namespace Agent.Activities.Tests.Coordination.Distribution;

/// <summary>Agent.AwaitTasks on the real engine and SQLite: resumed once when the last task finishes, or by its expiry.</summary>
[TestClass]
public sealed class AwaitTasksWorkflowTests
{
    private string _folder = null!;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestInitialize]
    public void CreateFolder() => _folder = TempFolder.Create("agent-await-tasks-tests");

    [TestCleanup]
    public void DeleteFolder() => TempFolder.Delete(_folder);

    /// <summary>Start → AwaitTasks(ids, timeout) → WriteLine("allFinished: statuses").</summary>
    private static string Waiter(string timeout, params string[] ids) => $$"""
        {
          "id": "waiter-v1", "definitionId": "waiter", "version": 1, "isPublished": true, "isLatest": true,
          "root": { "type": "Elsa.Flowchart", "id": "root",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "wait", "type": "Agent.AwaitTasks",
                "taskIds": { "typeName": "List<String>", "expression": { "type": "JavaScript", "value": "return {{System.Text.Json.JsonSerializer.Serialize(ids).Replace("\"", "'")}};" } },
                "timeout": { "typeName": "TimeSpan", "expression": { "type": "Literal", "value": "{{timeout}}" } } },
              { "id": "say", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "JavaScript",
                "value": "return getOutputFrom('wait', 'allFinished') + ': ' + getOutputFrom('wait', 'tasks').map(t => t.id + '=' + t.status).join(',');" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "wait", "port": "In" } },
              { "source": { "activity": "wait", "port": "Done" }, "target": { "activity": "say", "port": "In" } }
            ] }
        }
        """;

    private static async Task<WorkflowInstance> UntilAsync(DistributionHost host, string id, Func<WorkflowInstance, bool> done)
    {
        for (var waited = 0; waited < 10_000; waited += 50)
        {
            var instance = await host.InstanceAsync(id);
            if (done(instance)) return instance;
            await Task.Delay(50);
        }
        return await host.InstanceAsync(id);
    }

    [TestMethod]
    public async Task The_wait_ends_once_when_the_last_task_finishes_not_before()
    {
        await using var host = await DistributionHost.OpenAsync(_folder);
        await host.RegisterAsync(("impl-1", "implementer"));
        await host.EnqueueAsync("t1", "implementer");
        await host.EnqueueAsync("t2", "implementer");

        var started = await host.StartAsync(Waiter("01:00:00", "t1", "t2"));
        Assert.AreEqual(WorkflowStatus.Suspended, started.Status);

        var t1 = await host.Queue.LeaseAsync("impl-1", Token);
        await host.Queue.CompleteAsync(t1!.Id, "impl-1", """{"text":"one"}""", Token);
        await host.Get<TaskWaitDispatcher>().DrainAsync();
        Assert.AreEqual(WorkflowStatus.Suspended, (await host.InstanceAsync(started.Id)).Status, "one task is still open");

        var t2 = await host.Queue.LeaseAsync("impl-1", Token);
        await host.Queue.FailAsync(t2!.Id, "impl-1", "cannot do it", retry: false, Token);
        await host.Get<TaskWaitDispatcher>().DrainAsync();
        var finished = await UntilAsync(host, started.Id, i => i.Status == WorkflowStatus.Finished);

        Assert.AreEqual(WorkflowStatus.Finished, finished.Status, string.Join("; ", finished.State.Incidents.Select(i => i.Message)));
        CollectionAssert.AreEqual(new[] { "true: t1=done,t2=parked" }, finished.State.OutputLines.ToList());
        Assert.AreEqual(0, await host.Get<TaskWaitDispatcher>().DispatchAsync(Token), "nothing left to resume: resumed once");
    }

    [TestMethod]
    public async Task Tasks_finished_already_complete_at_once_and_the_expiry_ends_a_wait_with_open_tasks()
    {
        await using var host = await DistributionHost.OpenAsync(_folder);
        await host.RegisterAsync(("impl-1", "implementer"));
        await host.EnqueueAsync("t1", "implementer");
        await host.EnqueueAsync("t2", "implementer");
        await host.Queue.CancelAsync("t1", "not needed", Token);

        var atOnce = await host.StartAsync(Waiter("01:00:00", "t1"));
        Assert.AreEqual(WorkflowStatus.Finished, atOnce.Status);
        CollectionAssert.AreEqual(new[] { "true: t1=cancelled" }, atOnce.State.OutputLines.ToList());

        var waiting = await host.StartAsync(Waiter("00:00:00.200", "t1", "t2"));
        Assert.AreEqual(WorkflowStatus.Suspended, waiting.Status);
        await Task.Delay(400, Token);
        Assert.AreEqual(1, await host.Runtime.ResumeExpiredAsync(Token));

        var expired = await host.InstanceAsync(waiting.Id);
        Assert.AreEqual(WorkflowStatus.Finished, expired.Status);
        CollectionAssert.AreEqual(new[] { "await-tasks: timed out with 1 of 2 task(s) unfinished.", "false: t1=cancelled,t2=queued" }, expired.State.OutputLines.ToList());
    }

    [TestMethod]
    public async Task An_unknown_task_or_an_empty_list_faults_saying_what_to_bind()
    {
        await using var host = await DistributionHost.OpenAsync(_folder);
        var unknown = await host.StartAsync(Waiter("01:00:00", "nope"));
        var empty = await host.StartAsync(Waiter("01:00:00"));

        Assert.AreEqual(WorkflowStatus.Faulted, unknown.Status);
        StringAssert.Contains(unknown.State.Incidents.Single().Message, "there is no task 'nope'");
        Assert.AreEqual(WorkflowStatus.Faulted, empty.Status);
        StringAssert.Contains(empty.State.Incidents.Single().Message, "taskIds is empty");
    }
}
