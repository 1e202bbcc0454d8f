using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text.Json;
using Agent.Workflows.Runtime;

namespace Agent.Server.Tests.Api;

/// <summary>Running definitions and inspecting instances: execute, dispatch, journal, activity executions, bookmarks, cancel, delete.</summary>
[TestClass]
public sealed class InstancesApiTests
{
    private const string WaitingDefinition = """
        { "definitionId": "waits", "name": "Waits", "version": 1, "isPublished": true,
          "root": { "type": "Elsa.Flowchart", "id": "root",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "gate", "type": "Elsa.Event", "name": "Gate", "eventName": { "typeName": "String", "expression": { "type": "Literal", "value": "go" } } },
              { "id": "after", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "JavaScript", "value": "'resumed with ' + getOutputFrom('gate', 'result').word" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "gate", "port": "In" } },
              { "source": { "activity": "gate", "port": "Done" }, "target": { "activity": "after", "port": "In" } }
            ] } }
        """;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task Execute_runs_the_cycle_and_the_instance_journal_and_activity_executions_show_it()
    {
        await using var server = await StudioServer.StartAsync(Token);
        using var api = server.Api();
        var execute = await api.PostAsync($"workflow-definitions/{StudioServer.CycleId}/execute", StudioServer.Json(new { versionOptions = "Latest", input = new { discard = false } }), Token);
        var state = (await execute.JsonAsync()).GetProperty("workflowState");
        var id = execute.Headers.GetValues("x-elsa-workflow-instance-id").Single();
        Assert.AreEqual(id, state.GetProperty("id").GetString());
        Assert.AreEqual("Finished", state.GetProperty("subStatus").GetString());

        var instance = await (await api.GetAsync($"workflow-instances/{id}", Token)).JsonAsync();
        Assert.AreEqual("Finished", instance.GetProperty("status").GetString());
        Assert.AreEqual(StudioServer.CycleId, instance.GetProperty("definitionId").GetString());
        Assert.AreEqual("Finished", (await (await api.GetAsync($"workflow-instances/{id}/execution-state", Token)).JsonAsync()).GetProperty("workflowSubStatus").GetString());

        var journal = await (await api.GetAsync($"workflow-instances/{id}/journal?skip=0&take=100", Token)).JsonAsync();
        var completed = journal.Items().Where(r => r.GetProperty("eventName").GetString() == "Completed").Select(r => r.GetProperty("activityId").GetString()).ToList();
        CollectionAssert.AreEqual(new[] { "start", "plan", "implement", "evaluate", "keep" }, completed);
        Assert.AreEqual(10, journal.GetProperty("totalCount").GetInt64(), "a Started and a Completed record per activity");
        var filtered = await (await api.PostAsync($"workflow-instances/{id}/journal", StudioServer.Json(new { filter = new { activityNodeIds = new[] { "root:keep" } } }), Token)).JsonAsync();
        Assert.AreEqual(2, filtered.GetProperty("totalCount").GetInt64());

        var report = await (await api.PostAsync("activity-executions/report", StudioServer.Json(new { workflowInstanceId = id, activityNodeIds = new[] { "root:keep", "root:discard" } }), Token)).JsonAsync();
        var stats = report.GetProperty("stats").EnumerateArray().Single();
        Assert.AreEqual("root:keep", stats.GetProperty("activityNodeId").GetString());
        Assert.AreEqual(1, stats.GetProperty("completedCount").GetInt64());
        var executions = await (await api.GetAsync($"activity-executions/list?workflowInstanceId={id}&activityNodeId=root:plan", Token)).JsonAsync();
        var execution = executions.Items().Single();
        Assert.AreEqual("Completed", execution.GetProperty("status").GetString());
        var byId = await (await api.GetAsync($"activity-executions/by-id?id={execution.GetProperty("id").GetString()}", Token)).JsonAsync();
        Assert.AreEqual("plan", byId.GetProperty("activityId").GetString());
        Assert.AreEqual(1, (await (await api.GetAsync($"activity-execution-summaries/list?workflowInstanceId={id}&activityNodeId=root:plan", Token)).JsonAsync()).GetProperty("count").GetInt32());
        await (await api.GetAsync("activity-executions/by-id?id=nope-3", Token)).ProblemAsync(HttpStatusCode.NotFound);

        var list = await (await api.PostAsync("workflow-instances", StudioServer.Json(new { page = 0, pageSize = 10, statuses = new[] { "Finished" }, definitionId = StudioServer.CycleId }), Token)).JsonAsync();
        Assert.AreEqual(id, list.Items().Single().GetProperty("id").GetString());
        var running = await (await api.PostAsync("workflow-instances", StudioServer.Json(new { subStatuses = new[] { "Suspended", "Executing" } }), Token)).JsonAsync();
        Assert.AreEqual(0, running.GetProperty("totalCount").GetInt64());
        await (await api.PostAsync("workflow-instances", StudioServer.Json(new { status = "Sleeping" }), Token)).ProblemAsync(HttpStatusCode.BadRequest);
        await (await api.PostAsync($"workflow-definitions/{StudioServer.CycleId}/execute", StudioServer.Json(new { input = "not an object" }), Token)).ProblemAsync(HttpStatusCode.BadRequest);
        await (await api.PostAsync("workflow-definitions/nope/execute", StudioServer.Json("{}"), Token)).ProblemAsync(HttpStatusCode.NotFound);
        await (await api.GetAsync("workflow-instances/nope", Token)).ProblemAsync(HttpStatusCode.NotFound);
        await (await api.GetAsync("workflow-instances/nope/journal", Token)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [TestMethod]
    public async Task Suspended_bookmarks_are_listed_by_activity_type_resumed_cancelled_and_deleted()
    {
        await using var server = await StudioServer.StartAsync(Token);
        using var api = server.Api();
        await (await api.PostAsync("workflow-definitions/import", StudioServer.Json(WaitingDefinition), Token)).JsonAsync();

        var first = (await api.PostAsync("workflow-definitions/waits/execute", StudioServer.Json("{}"), Token)).Headers.GetValues("x-elsa-workflow-instance-id").Single();
        var dispatched = await api.PostAsync("workflow-definitions/waits/dispatch", StudioServer.Json(new { correlationId = "second" }), Token);
        var second = (await dispatched.JsonAsync()).GetProperty("workflowInstanceId").GetString()!;
        await WaitForAsync(server, second, WorkflowStatus.Suspended);

        var pending = await (await api.GetAsync("bookmarks/pending?activityType=Elsa.Event", Token)).JsonAsync();
        var bookmarks = pending.Items().ToList();
        CollectionAssert.AreEquivalent(new[] { first, second }, bookmarks.Select(b => b.GetProperty("workflowInstanceId").GetString()).ToList());
        Assert.IsTrue(bookmarks.All(b => b.GetProperty("activityId").GetString() == "gate" && b.GetProperty("activityName").GetString() == "Gate"));
        Assert.AreEqual(0, (await (await api.GetAsync("bookmarks/pending?activityType=Agent.HumanApproval", Token)).JsonAsync()).GetProperty("count").GetInt32());
        var instance = await (await api.GetAsync($"workflow-instances/{first}", Token)).JsonAsync();
        Assert.AreEqual("Suspended", instance.GetProperty("subStatus").GetString());
        Assert.AreEqual(1, instance.GetProperty("workflowState").GetProperty("bookmarks").GetArrayLength());

        var bookmarkId = bookmarks.Single(b => b.GetProperty("workflowInstanceId").GetString() == first).GetProperty("bookmarkId").GetString();
        var resumed = await (await api.PostAsync($"bookmarks/{bookmarkId}/resume", StudioServer.Json(new { input = new { word = "yes" } }), Token)).JsonAsync();
        Assert.AreEqual("Finished", resumed.GetProperty("subStatus").GetString());
        CollectionAssert.Contains((await server.Services.GetRequiredService<Agent.Workflows.Persistence.IWorkflowInstanceStore>().FindAsync(first, Token))!.State.OutputLines, "resumed with yes");
        await (await api.PostAsync($"bookmarks/{bookmarkId}/resume", StudioServer.Json("{}"), Token)).ProblemAsync(HttpStatusCode.NotFound);

        var cancelled = await (await api.PostAsync($"cancel/workflow-instances/{second}", null, Token)).JsonAsync();
        Assert.AreEqual("Cancelled", cancelled.GetProperty("subStatus").GetString());
        Assert.AreEqual(0, (await (await api.GetAsync("bookmarks/pending", Token)).JsonAsync()).GetProperty("count").GetInt32());
        Assert.AreEqual(HttpStatusCode.NoContent, (await api.DeleteAsync($"workflow-instances/{second}", Token)).StatusCode);
        await (await api.GetAsync($"workflow-instances/{second}", Token)).ProblemAsync(HttpStatusCode.NotFound);
        await (await api.DeleteAsync($"workflow-instances/{second}", Token)).ProblemAsync(HttpStatusCode.NotFound);
        await (await api.PostAsync("cancel/workflow-instances/nope", null, Token)).ProblemAsync(HttpStatusCode.NotFound);

        var bulk = await (await api.PostAsync("bulk-actions/delete/workflow-instances/by-id", StudioServer.Json(new { ids = new[] { first } }), Token)).JsonAsync();
        Assert.AreEqual(1, bulk.GetProperty("deletedCount").GetInt32());
        Assert.AreEqual(0, (await (await api.PostAsync("workflow-instances", StudioServer.Json("{}"), Token)).JsonAsync()).GetProperty("totalCount").GetInt64());
    }

    [TestMethod]
    public async Task Pending_human_approvals_are_listed_by_their_activity_type()
    {
        await using var server = await StudioServer.StartAsync(Token);
        using var api = server.Api();
        await (await api.PostAsync("workflow-definitions/import", StudioServer.Json(ApprovalDefinition), Token)).JsonAsync();
        var id = (await api.PostAsync("workflow-definitions/approval-gate/execute", StudioServer.Json("{}"), Token)).Headers.GetValues("x-elsa-workflow-instance-id").Single();

        var pending = (await (await api.GetAsync("bookmarks/pending?activityType=Agent.HumanApproval", Token)).JsonAsync()).Items().Single();
        Assert.AreEqual(id, pending.GetProperty("workflowInstanceId").GetString());
        Assert.AreEqual("Approve the merge", pending.GetProperty("activityName").GetString());
        Assert.AreEqual("Agent.HumanApproval", pending.GetProperty("activityType").GetString());
        Assert.AreEqual(0, (await (await api.GetAsync("bookmarks/pending?activityType=Elsa.Event", Token)).JsonAsync()).GetProperty("count").GetInt32());
    }

    private const string ApprovalDefinition = """
        { "definitionId": "approval-gate", "name": "Approval gate", "version": 1, "isPublished": true,
          "root": { "type": "Elsa.Flowchart", "id": "root",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "approve", "type": "Agent.HumanApproval", "name": "Approve the merge",
                "title": { "typeName": "String", "expression": { "type": "Literal", "value": "Merge agent/fix" } } },
              { "id": "merged", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "merged" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "approve", "port": "In" } },
              { "source": { "activity": "approve", "port": "Approved" }, "target": { "activity": "merged", "port": "In" } }
            ] } }
        """;

    private async Task WaitForAsync(StudioServer server, string instanceId, WorkflowStatus status)
    {
        var store = server.Services.GetRequiredService<Agent.Workflows.Persistence.IWorkflowInstanceStore>();
        for (var i = 0; i < 200; i++)
        {
            if ((await store.FindAsync(instanceId, Token))?.Status == status) return;
            await Task.Delay(50, Token);
        }
        Assert.Fail($"Instance {instanceId} did not reach {status}.");
    }
}
