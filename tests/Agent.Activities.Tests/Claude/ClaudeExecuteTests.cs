using Agent.Activities.Claude;
using Agent.Workflows.Descriptors;
using Agent.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Agent.Activities.Tests.Claude;

/// <summary>The ClaudeExecute activity in the real engine, driving the real CLI against the scripted model server.</summary>
[TestClass]
[TestCategory("Slow")]
public sealed class ClaudeExecuteTests
{
    private const string WriteScript = """
        { "rules": [
          { "match": { "turn": 1 }, "respond": { "text": "Writing.", "toolUse": [ { "name": "Write", "input": { "file_path": "{{cwd}}/out.txt", "content": "from the workflow\n" } } ] } },
          { "match": { "turn": 2 }, "respond": { "text": "Wrote out.txt." } } ] }
        """;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task A_Write_run_finishes_the_workflow_and_the_next_activity_reads_its_text()
    {
        await using var h = await ClaudeWorkflowHarness.StartAsync(WriteScript, Token);
        var json = Wf.Flowchart(
            [Wf.Start(), h.Execute("exec", ("prompt", Wf.Lit("make the file")), ("permissionMode", Wf.Lit("acceptEdits"))),
             Wf.WriteLine("line", "'claude said: ' + getOutputFrom('exec', 'result').text")],
            [Wf.Connect("start", "exec"), Wf.Connect("exec", "line")]);

        var instance = await h.RunAsync(json, Token);

        Assert.AreEqual(WorkflowStatus.Finished, instance.Status, string.Join("\n", instance.State.Incidents.Select(i => i.Message)));
        Assert.AreEqual("from the workflow\n", await File.ReadAllTextAsync(Path.Combine(h.WorkingDirectory, "out.txt"), Token));
        CollectionAssert.Contains(instance.State.OutputLines, "claude said: Wrote out.txt.");
        var result = (Dictionary<string, object?>)instance.State.ActivityOutputs["exec"]["result"]!;
        Assert.IsTrue((bool)result["success"]!);
        Assert.AreEqual("success", result["subtype"]);
        Assert.IsNotNull(result["sessionId"]);
        Assert.IsNull(result["error"]);
    }

    [TestMethod]
    public async Task A_failing_run_routes_to_Failed_instead_of_faulting()
    {
        const string script = """{ "rules": [ { "fault": { "status": 500, "message": "boom" } } ] }""";
        await using var h = await ClaudeWorkflowHarness.StartAsync(script, Token, o => o.MaxAttempts = 1);
        var json = Wf.Flowchart(
            [Wf.Start(), h.Execute("exec", ("prompt", Wf.Lit("hi"))),
             Wf.WriteLine("ok", "'ok'"), Wf.WriteLine("failed", "'failed: ' + getOutputFrom('exec', 'result').subtype")],
            [Wf.Connect("start", "exec"), Wf.Connect("exec", "ok"), Wf.Connect("exec", "failed", ClaudeExecute.FailedOutcome)]);

        var instance = await h.RunAsync(json, Token);

        Assert.AreEqual(WorkflowStatus.Finished, instance.Status, string.Join("\n", instance.State.Incidents.Select(i => i.Message)));
        CollectionAssert.AreEqual(new[] { "failed: api_error" }, instance.State.OutputLines);
        Assert.HasCount(1, h.Server.Log.MessagesRequests, "Claude:MaxAttempts = 1: no retry");
    }

    [TestMethod]
    public async Task Async_mode_suspends_on_the_jobs_and_resumes_with_their_results_once_all_ended()
    {
        const string script = """
            { "rules": [
              { "match": { "promptContains": "alpha" }, "respond": { "text": "A" }, "fault": { "stallMs": 300 } },
              { "match": { "promptContains": "beta" }, "respond": { "text": "B" } } ] }
            """;
        await using var h = await ClaudeWorkflowHarness.StartAsync(script, Token);
        var json = Wf.Flowchart(
            [Wf.Start(), h.Execute("exec", ("mode", Wf.Lit("async")), ("prompts", Wf.Lit("""["say alpha", "say beta"]""", "String[]"))),
             Wf.WriteLine("line", "'texts: ' + getOutputFrom('exec', 'results').map(r => r.text).join(',')")],
            [Wf.Connect("start", "exec"), Wf.Connect("exec", "line")]);
        var bookmarks = h.Services.GetRequiredService<ClaudeJobBookmarks>();
        var jobs = h.Services.GetRequiredService<ClaudeJobs>();

        var suspended = await h.RunAsync(json, Token);
        Assert.AreEqual(WorkflowStatus.Suspended, suspended.Status, string.Join("\n", suspended.State.Incidents.Select(i => i.Message)));
        var bookmark = suspended.State.Bookmarks.Single();
        Assert.AreEqual(ClaudeJobBookmarks.BookmarkName, bookmark.Name);
        var ids = ((List<object?>)suspended.State.ActivityOutputs["exec"]["jobIds"]!).Cast<string>().ToList();
        Assert.HasCount(2, ids);
        // While a job runs, a check resumes nothing.
        Assert.AreEqual(0, await bookmarks.ResumeEndedAsync(Token));

        foreach (var id in ids) Assert.AreEqual(ClaudeJobState.Succeeded, (await jobs.GetResultAsync(id, TimeSpan.FromSeconds(60), Token))!.State);
        Assert.AreEqual(1, await bookmarks.ResumeEndedAsync(Token));
        Assert.AreEqual(0, await bookmarks.ResumeEndedAsync(Token), "a bookmark is resumed once");

        var finished = (await h.Services.GetRequiredService<Agent.Workflows.Persistence.IWorkflowInstanceStore>().FindAsync(suspended.Id, Token))!;
        Assert.AreEqual(WorkflowStatus.Finished, finished.Status, string.Join("\n", finished.State.Incidents.Select(i => i.Message)));
        CollectionAssert.Contains(finished.State.OutputLines, "texts: A,B");
    }

    [TestMethod]
    public async Task Parallel_mode_returns_one_result_per_prompt_in_prompt_order_under_the_global_cap()
    {
        const string script = """
            { "rules": [
              { "match": { "promptContains": "alpha" }, "respond": { "text": "A" }, "fault": { "stallMs": 300 } },
              { "match": { "promptContains": "beta" }, "respond": { "text": "B" } },
              { "match": { "promptContains": "gamma" }, "respond": { "text": "C" }, "fault": { "stallMs": 150 } } ] }
            """;
        await using var h = await ClaudeWorkflowHarness.StartAsync(script, Token, o => o.MaxConcurrentRuns = 2);
        var json = Wf.Flowchart(
            [Wf.Start(), h.Execute("exec", ("mode", Wf.Lit("parallel")), ("prompts", Wf.Lit("""["say alpha", "say beta", "say gamma"]""", "String[]")))],
            [Wf.Connect("start", "exec")]);

        var instance = await h.RunAsync(json, Token);

        Assert.AreEqual(WorkflowStatus.Finished, instance.Status, string.Join("\n", instance.State.Incidents.Select(i => i.Message)));
        var results = (List<object?>)instance.State.ActivityOutputs["exec"]["results"]!;
        CollectionAssert.AreEqual(new[] { "A", "B", "C" }, results.Cast<Dictionary<string, object?>>().Select(r => r["text"]).ToList());
        Assert.IsLessThanOrEqualTo(2, h.Server.Log.MaxInFlight, "the runner's global cap holds inside one activity");
    }

    [TestMethod]
    public async Task An_unknown_permission_mode_faults_with_the_validators_message()
    {
        await using var h = await ClaudeWorkflowHarness.StartAsync("""{ "rules": [ { "respond": { "text": "never" } } ] }""", Token);
        var json = Wf.Flowchart(
            [Wf.Start(), h.Execute("exec", ("prompt", Wf.Lit("hi")), ("permissionMode", Wf.Lit("yolo")))],
            [Wf.Connect("start", "exec")]);

        var instance = await h.RunAsync(json, Token);

        Assert.AreEqual(WorkflowStatus.Faulted, instance.Status);
        var incident = instance.State.Incidents.Single();
        Assert.AreEqual("exec", incident.ActivityId);
        Assert.Contains("PermissionMode 'yolo' is unknown", incident.Message);
        Assert.Contains("acceptEdits", incident.Message, "the message lists the valid modes");
        Assert.IsEmpty(h.Server.Log.MessagesRequests, "nothing ran");
    }

    [TestMethod]
    public async Task The_descriptor_lists_inputs_outputs_and_both_ports_and_is_not_safe_to_rerun()
    {
        await using var h = await ClaudeWorkflowHarness.StartAsync("""{ "rules": [ { "respond": { "text": "unused" } } ] }""", Token);
        var registry = h.Services.GetRequiredService<ActivityRegistry>();

        Assert.IsTrue(registry.TryGet("Agent.ClaudeExecute", out var type));
        var d = type.Descriptor;
        Assert.AreEqual("Claude", d.Category);
        Assert.IsFalse(d.SafeToRerun);
        var inputs = d.Inputs.Select(i => i.Name).ToList();
        foreach (var name in new[] { "prompt", "prompts", "cwd", "mode", "permissionMode", "model", "maxTurns", "allowedTools", "disallowedTools", "timeoutSeconds", "maxTokens", "maxUsd" })
            CollectionAssert.Contains(inputs, name, string.Join(", ", inputs));
        CollectionAssert.AreEquivalent(new[] { "result", "results", "jobIds" }, d.Outputs.Select(o => o.Name).ToList());
        CollectionAssert.AreEqual(new[] { "Done", "Failed" }, d.Ports.Select(p => p.Name).ToList());
    }
}
