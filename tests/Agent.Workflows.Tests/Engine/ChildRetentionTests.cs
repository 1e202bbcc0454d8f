using System.Text.Json.Nodes;
using Agent.Workflows.Persistence;
using Agent.Workflows.Persistence.Retention;
using Agent.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;
using static Agent.Workflows.Tests.Engine.Def;
using static Agent.Workflows.Tests.Engine.WorkflowHost;

namespace Agent.Workflows.Tests.Engine;

/// <summary>
/// Retention and Elsa.ExecuteWorkflow on real SQLite: a crash leaves a parent that will read its finished child again
/// (resumed by recovery, or re-running the activity that started it); a retention sweep in between must not make the
/// parent start the child a second time or lose the child's result.
/// </summary>
[TestClass]
public sealed class ChildRetentionTests
{
    // The child waits on the event 'go', writes a line (each run of it shows), and sets its Result output.
    private static JsonObject Child()
    {
        var json = Workflow("child", [
            A("wait", "Elsa.Event", ("eventName", Lit("go"))),
            A("greet", "Elsa.WriteLine", ("text", Lit("child ran"))),
            A("out", "Elsa.SetOutput", ("outputName", Lit("Result")), ("outputValue", Js("'done for ' + getInput('Who')"))),
        ], [C("wait", "greet"), C("greet", "out")]);
        json["outputs"] = new JsonArray(Parameter("Result", "Object"));
        return json;
    }

    private static JsonObject Parent() => Workflow("parent", [
        A("run", "Elsa.ExecuteWorkflow", ("workflowDefinitionId", Lit("child")), ("input", Js("({ Who: 'Ann' })")), ("waitForCompletion", Lit(true, "Boolean")),
            ("result", Capture("var-result"))),
        A("after", "Elsa.WriteLine", ("text", Js("'parent got ' + JSON.stringify(getVariable('result'))", "String"))),
    ], [C("run", "after")], variables: [Variable("var-result", "result", "Object", null)]);

    // Something that finishes after the child, so that KeepLast = 1 keeps it and not the child.
    private static JsonObject Filler() => Workflow("filler", [A("w", "Elsa.WriteLine", ("text", Lit("filler")))], []);

    private static Task<WorkflowHost> OpenAsync(string? directory = null) =>
        WorkflowHost.StartAsync(directory, s => s.AddFinishedInstanceRetention(r => (r.KeepLast, r.Mode) = (1, RetentionMode.Delete)));

    private static Task<RetentionSweepResult> SweepAsync(WorkflowHost host) =>
        host.Services.GetRequiredService<FinishedInstanceSweep>().SweepAsync();

    // Parent waiting on its child; the child then ends as before a crash: its end committed, the parent not resumed.
    private static async Task<(WorkflowInstance Parent, WorkflowInstance Child)> ChildEndedBeforeACrashAsync(WorkflowHost host)
    {
        await host.PublishAsync(Child());
        await host.PublishAsync(Parent());
        await host.PublishAsync(Filler());
        var parent = await host.StartAsync("parent");
        var child = (await host.Instances.ListAsync(new InstanceQuery(DefinitionId: "child"))).Single();
        Assert.AreEqual(WorkflowStatus.Suspended, parent.Status);

        var removed = child.State.Bookmarks.Select(b => b.Id).ToList();
        child.State.Bookmarks.Clear();
        child.State.Output["Result"] = "finished before the crash";
        child.Status = WorkflowStatus.Finished;
        child.FinishedAt = DateTimeOffset.UtcNow;
        await host.Instances.CommitAsync(new InstanceCommit(child, child.Revision, [], [], removed, []));
        Assert.AreEqual(WorkflowStatus.Finished, (await host.StartAsync("filler")).Status);
        return (parent, child);
    }

    [TestMethod]
    public async Task A_parent_waiting_on_a_swept_child_is_resumed_by_recovery_with_the_childs_result()
    {
        await using var host = await OpenAsync();
        var (parent, child) = await ChildEndedBeforeACrashAsync(host);

        await SweepAsync(host);
        Assert.IsNotNull(await host.Instances.FindAsync(child.Id), "the sweep keeps a finished child while its parent has not ended");

        await using var restarted = await OpenAsync(host.Directory);
        var lines = new List<string>();
        restarted.Runtime.LineWritten += (_, line) => lines.Add(line);
        await restarted.Runtime.RecoverInterruptedAsync();

        var resumed = (await restarted.Instances.FindAsync(parent.Id))!;
        Assert.AreEqual(WorkflowStatus.Finished, resumed.Status, "recovery resumes the parent with its ended child");
        CollectionAssert.AreEqual(new[] { "parent got {\"Result\":\"finished before the crash\"}" }, resumed.State.OutputLines);
        CollectionAssert.DoesNotContain(lines, "child ran", "the child is not run again");

        // Once the parent has ended nothing reads the child again: the next sweep removes it (the parent is the newest).
        await SweepAsync(restarted);
        Assert.IsNull(await restarted.Instances.FindAsync(child.Id));
        Assert.IsNotNull(await restarted.Instances.FindAsync(parent.Id));
    }

    [TestMethod]
    public async Task A_parent_rerunning_its_starting_activity_after_a_crash_finds_the_swept_child_instead_of_starting_it_again()
    {
        await using var host = await OpenAsync();
        var (parent, child) = await ChildEndedBeforeACrashAsync(host);
        // What a crash inside the starting activity leaves: the parent Running with that activity at the head of its queue.
        parent = (await host.Instances.FindAsync(parent.Id))!;
        var bookmark = parent.State.Bookmarks.Single();
        parent.State.Bookmarks.Clear();
        parent.State.Queue.Insert(0, new WorkItem("run") { Id = child.State.Parent!.ExecutionId });
        parent.Status = WorkflowStatus.Running;
        await host.Instances.CommitAsync(new InstanceCommit(parent, parent.Revision, [], [], [bookmark.Id], []));

        await SweepAsync(host);
        Assert.IsNotNull(await host.Instances.FindAsync(child.Id), "the sweep keeps a finished child while its parent runs");

        await using var restarted = await OpenAsync(host.Directory);
        var lines = new List<string>();
        restarted.Runtime.LineWritten += (_, line) => lines.Add(line);
        await restarted.Runtime.RecoverInterruptedAsync();

        var resumed = (await restarted.Instances.FindAsync(parent.Id))!;
        Assert.AreEqual(WorkflowStatus.Finished, resumed.Status, "the re-run finds the ended child and completes with it");
        Assert.AreEqual(1, resumed.State.OutputLines.Count);
        StringAssert.Contains(resumed.State.OutputLines[0], "\"output\":{\"Result\":\"finished before the crash\"}");
        CollectionAssert.DoesNotContain(lines, "child ran", "no second child runs");
        Assert.AreEqual(1, (await restarted.Instances.ListAsync(new InstanceQuery(DefinitionId: "child"))).Count);
    }
}
