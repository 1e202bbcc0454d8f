using System.Text.Json.Nodes;
using Agent.Workflows.Activities.Workflows;
using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;
using static Agent.Workflows.Tests.Engine.Def;
using static Agent.Workflows.Tests.Engine.WorkflowHost;

namespace Agent.Workflows.Tests.Engine;

/// <summary>Elsa.ExecuteWorkflow and Elsa.DispatchWorkflow start a separate child instance, waiting for it or not.</summary>
[TestClass]
public sealed class ExecuteWorkflowTests
{
    // A child that greets its input, sets its Result output, and — when told to — waits on the event 'go' first.
    private static JsonObject Child(bool waits)
    {
        List<JsonObject> activities = [A("greet", "Elsa.WriteLine", ("text", Js("'child got ' + getInput('Who')", "String"))),
            A("out", "Elsa.SetOutput", ("outputName", Lit("Result")), ("outputValue", Js("'done for ' + getInput('Who')")))];
        List<JsonObject> connections = [C("greet", "out")];
        if (waits) { activities.Insert(0, A("wait", "Elsa.Event", ("eventName", Lit("go")))); connections.Insert(0, C("wait", "greet")); }
        var json = Workflow("child", activities, connections);
        json["outputs"] = new JsonArray(Parameter("Result", "Object"));
        return json;
    }

    private static JsonObject Parent(string type, bool wait) => Workflow("parent", [
        A("run", type, ("workflowDefinitionId", Lit("child")), ("input", Js("({ Who: 'Ann' })")), ("waitForCompletion", Lit(wait, "Boolean")),
            ("result", Capture("var-result"))),
        A("after", "Elsa.WriteLine", ("text", Js("'parent got ' + JSON.stringify(getVariable('result'))", "String"))),
    ], [C("run", "after")], variables: [Variable("var-result", "result", "Object", null)]);

    private static async Task<WorkflowInstance> ChildOf(WorkflowHost host, WorkflowInstance parent) =>
        (await host.Instances.ListAsync(new InstanceQuery(DefinitionId: "child"))).Single(i => i.State.Parent?.InstanceId == parent.Id);

    [TestMethod]
    public async Task WaitingForAChildThatFinishesAtOnceCompletesWithItsResult()
    {
        await using var host = await WorkflowHost.StartAsync();
        await host.PublishAsync(Child(waits: false));
        await host.PublishAsync(Parent("Elsa.ExecuteWorkflow", wait: true));

        var parent = await host.StartAsync("parent");

        Assert.AreEqual(WorkflowStatus.Finished, parent.Status, string.Join("; ", parent.State.Incidents.Select(i => i.Message)));
        var child = await ChildOf(host, parent);
        Assert.AreEqual(WorkflowStatus.Finished, child.Status);
        CollectionAssert.AreEqual(new[] { "child got Ann" }, child.State.OutputLines);
        Assert.AreEqual(ChildWorkflowStarter.ChildInstanceId(parent.Id, child.State.Parent!.ExecutionId), child.Id, "the child's id derives from the execution");
        StringAssert.Contains(parent.State.OutputLines.Single(), "\"workflowInstanceId\":\"" + child.Id + "\"");
        StringAssert.Contains(parent.State.OutputLines.Single(), "\"output\":{\"Result\":\"done for Ann\"}");
        StringAssert.Contains(parent.State.OutputLines.Single(), "\"subStatus\":\"Finished\"");
    }

    [TestMethod]
    public async Task NotWaitingCompletesAtOnceWithTheChildsInstanceId()
    {
        await using var host = await WorkflowHost.StartAsync();
        await host.PublishAsync(Child(waits: true));
        await host.PublishAsync(Parent("Elsa.DispatchWorkflow", wait: false));

        var parent = await host.StartAsync("parent");

        Assert.AreEqual(WorkflowStatus.Finished, parent.Status);
        var child = await ChildOf(host, parent);
        Assert.AreEqual(WorkflowStatus.Suspended, child.Status);
        Assert.IsFalse(child.State.Parent!.WaitForCompletion);
        Assert.AreEqual($"parent got \"{child.Id}\"", parent.State.OutputLines.Single());

        // The child ending later does not touch the parent, which did not wait.
        await host.Runtime.ResumeByNameAsync("go", null);
        Assert.AreEqual(WorkflowStatus.Finished, (await host.Instances.FindAsync(child.Id))!.Status);
        Assert.AreEqual(1, (await host.Instances.FindAsync(parent.Id))!.State.OutputLines.Count);
    }

    [TestMethod]
    public async Task AParentWaitingOnAChildThatSuspendsIsResumedOnceWhenTheChildEndsLater()
    {
        await using var host = await WorkflowHost.StartAsync();
        await host.PublishAsync(Child(waits: true));
        await host.PublishAsync(Parent("Elsa.ExecuteWorkflow", wait: true));

        var parent = await host.StartAsync("parent");
        Assert.AreEqual(WorkflowStatus.Suspended, parent.Status);
        var child = await ChildOf(host, parent);
        Assert.AreEqual(WorkflowStatus.Suspended, child.Status);
        Assert.AreEqual(child.Id, parent.State.Bookmarks.Single().Payload![ChildWorkflowStarter.ChildInstanceIdKey]?.ToString());

        await host.Runtime.ResumeByNameAsync("go", null);

        var resumed = (await host.Instances.FindAsync(parent.Id))!;
        Assert.AreEqual(WorkflowStatus.Finished, resumed.Status);
        CollectionAssert.AreEqual(new[] { "parent got {\"Result\":\"done for Ann\"}" }, resumed.State.OutputLines);
        // Recovery finds nothing left to do: the parent was resumed exactly once.
        await host.Runtime.RecoverInterruptedAsync();
        var journal = await host.Instances.GetJournalAsync(parent.Id);
        Assert.AreEqual(1, journal.Count(e => e.ActivityId == "after"));
        Assert.AreEqual(1, (await host.Instances.FindAsync(parent.Id))!.State.OutputLines.Count);
    }

    [TestMethod]
    public async Task AChildEndedByWorkItsStepStartedInTheBackgroundResumesTheParent()
    {
        await using var host = await WorkflowHost.StartAsync(configure: s => s.AddActivity<ResumeInBackgroundActivity>().AddSingleton<BackgroundResumes>());
        // The child's first step starts a background resume of its own wait, as an enqueue starts the workers whose end
        // resumes a consensus-review waiting in AwaitTasks: that work carries the parent's run in its async context.
        var child = Child(waits: true);
        var activities = (JsonArray)child["root"]!["activities"]!;
        activities.Insert(0, A("kick", "Test.ResumeInBackgroundActivity", ("eventName", Lit("go")), ("waitFor", Lit("parent-1"))));
        ((JsonArray)child["root"]!["connections"]!).Insert(0, C("kick", "wait"));
        await host.PublishAsync(child);
        await host.PublishAsync(Parent("Elsa.ExecuteWorkflow", wait: true));

        var parent = await host.StartAsync("parent", new StartWorkflowOptions { InstanceId = "parent-1" });
        Assert.AreEqual(WorkflowStatus.Suspended, parent.Status);
        await Task.WhenAll(host.Services.GetRequiredService<BackgroundResumes>().Started);

        var resumed = (await host.Instances.FindAsync(parent.Id))!;
        Assert.AreEqual(WorkflowStatus.Finished, (await ChildOf(host, parent)).Status);
        Assert.AreEqual(WorkflowStatus.Finished, resumed.Status, "the parent's run was over when the child ended, so the child's end resumes it");
        CollectionAssert.AreEqual(new[] { "parent got {\"Result\":\"done for Ann\"}" }, resumed.State.OutputLines);
    }

    [TestMethod]
    public async Task AChildEndedByALaterStepOfItsOwnParentResumesTheParentWhenThatRunEnds()
    {
        await using var host = await WorkflowHost.StartAsync(configure: s => s.AddActivity<ResumeNowActivity>());
        await host.PublishAsync(Child(waits: true));
        // Two branches: 'run' starts the child and waits on it; 'kick', later in the same run, resumes the child's wait,
        // so the child ends inside a step of its own parent, which holds the parent's lock.
        var parent = Workflow("parent", [
            A("begin", "Elsa.WriteLine", ("text", Lit("begin"))),
            A("run", "Elsa.ExecuteWorkflow", ("workflowDefinitionId", Lit("child")), ("input", Js("({ Who: 'Ann' })")), ("waitForCompletion", Lit(true, "Boolean")),
                ("result", Capture("var-result"))),
            A("kick", "Test.ResumeNowActivity", ("eventName", Lit("go"))),
            A("after", "Elsa.WriteLine", ("text", Js("'parent got ' + JSON.stringify(getVariable('result'))", "String"))),
        ], [C("begin", "run"), C("begin", "kick"), C("run", "after")], variables: [Variable("var-result", "result", "Object", null)]);
        await host.PublishAsync(parent);

        var started = await host.StartAsync("parent");

        Assert.AreEqual(WorkflowStatus.Finished, (await ChildOf(host, started)).Status);
        var stored = (await host.Instances.FindAsync(started.Id))!;
        Assert.AreEqual(WorkflowStatus.Finished, stored.Status, "the parent's run took up the child's end once it was over");
        CollectionAssert.AreEqual(new[] { "begin", "parent got {\"Result\":\"done for Ann\"}" }, stored.State.OutputLines);
        Assert.AreEqual(1, (await host.Instances.GetJournalAsync(started.Id)).Count(e => e.ActivityId == "after"));
    }

    [TestMethod]
    public async Task ACrashBetweenTheChildsEndAndTheParentsResumeIsRepairedByRecovery()
    {
        await using var host = await WorkflowHost.StartAsync();
        await host.PublishAsync(Child(waits: true));
        await host.PublishAsync(Parent("Elsa.ExecuteWorkflow", wait: true));
        var parent = await host.StartAsync("parent");
        var child = await ChildOf(host, parent);

        // What a crash leaves behind: the child's end is committed, the parent's resume never happened.
        var removed = child.State.Bookmarks.Select(b => b.Id).ToList();
        child.State.Bookmarks.Clear();
        child.State.Output["Result"] = "finished before the crash";
        child.Status = WorkflowStatus.Finished;
        await host.Instances.CommitAsync(new InstanceCommit(child, child.Revision, [], [], removed, []));
        Assert.AreEqual(WorkflowStatus.Suspended, (await host.Instances.FindAsync(parent.Id))!.Status);

        await using var restarted = await WorkflowHost.StartAsync(host.Directory);
        var recovered = await restarted.Runtime.RecoverInterruptedAsync();

        Assert.AreEqual(parent.Id, recovered.Single().Id);
        var resumed = (await restarted.Instances.FindAsync(parent.Id))!;
        Assert.AreEqual(WorkflowStatus.Finished, resumed.Status);
        CollectionAssert.AreEqual(new[] { "parent got {\"Result\":\"finished before the crash\"}" }, resumed.State.OutputLines);
        Assert.IsEmpty(await restarted.Runtime.RecoverInterruptedAsync(), "a second recovery resumes nothing");
    }

    [TestMethod]
    public async Task ARerunOfTheStartingActivityFindsTheChildItStartedInsteadOfStartingAnother()
    {
        await using var host = await WorkflowHost.StartAsync();
        await host.PublishAsync(Child(waits: true));
        await host.PublishAsync(Parent("Elsa.ExecuteWorkflow", wait: true));
        var parent = await host.StartAsync("parent");
        var child = await ChildOf(host, parent);

        // What a crash inside the activity leaves: the parent still Running with the activity at the head of its queue.
        var bookmark = parent.State.Bookmarks.Single();
        parent.State.Bookmarks.Clear();
        parent.State.Queue.Insert(0, new WorkItem("run") { Id = child.State.Parent!.ExecutionId });
        parent.Status = WorkflowStatus.Running;
        await host.Instances.CommitAsync(new InstanceCommit(parent, parent.Revision, [], [], [bookmark.Id], []));

        var recovered = await host.Runtime.RecoverInterruptedAsync();
        Assert.AreEqual(WorkflowStatus.Suspended, recovered.Single().Status);
        Assert.AreEqual(1, (await host.Instances.ListAsync(new InstanceQuery(DefinitionId: "child"))).Count, "no second child");

        await host.Runtime.ResumeByNameAsync("go", null);
        Assert.AreEqual(WorkflowStatus.Finished, (await host.Instances.FindAsync(parent.Id))!.Status);
    }

    // Elsa's ExecuteWorkflow scenarios (parent-capture-output, parent-with-input, parent-with-correlation), re-authored.
    [TestMethod]
    public async Task ElsasScenarioTheParentReceivesTheChildsOutputAndTheChildItsInputAndCorrelation()
    {
        await using var host = await WorkflowHost.StartAsync();
        var child = Workflow("child-with-output", [
            A("WriteLine1", "Elsa.WriteLine", ("text", Js("`Child received: ${getMessage()}`", "String"))),
            A("WriteLine2", "Elsa.WriteLine", ("text", Lit("Child output: 42"))),
            A("SetOutput1", "Elsa.SetOutput", ("outputName", Lit("Result")), ("outputValue", Lit(42, "Object"))),
        ], [C("WriteLine1", "WriteLine2"), C("WriteLine2", "SetOutput1")]);
        child["inputs"] = new JsonArray(Parameter("Message"));
        child["outputs"] = new JsonArray(Parameter("Result", "Object"));
        await host.PublishAsync(child);
        await host.PublishAsync(Workflow("parent-capture-output", [
            A("ExecuteWorkflow1", "Elsa.ExecuteWorkflow", ("workflowDefinitionId", Lit("child-with-output")), ("waitForCompletion", Lit(true, "Boolean")),
                ("input", Js("({ Message: 'Hello from parent' })")), ("correlationId", Lit("test-correlation-123")),
                ("result", new JsonObject { ["typeName"] = "ExecuteWorkflowResult", ["memoryReference"] = new JsonObject { ["id"] = "ChildResult" } })),
            A("WriteLine1", "Elsa.WriteLine", ("text", Js("`Parent received: ${getChildResult().output.Result}`", "String"))),
        ], [C("ExecuteWorkflow1", "WriteLine1")], variables: [Variable("ChildResult", "ChildResult", "Object", null)]));

        var parent = await host.StartAsync("parent-capture-output");

        Assert.AreEqual(WorkflowStatus.Finished, parent.Status, string.Join("; ", parent.State.Incidents.Select(i => i.Message)));
        CollectionAssert.AreEqual(new[] { "Parent received: 42" }, parent.State.OutputLines);
        var started = (await host.Instances.ListAsync(new InstanceQuery(DefinitionId: "child-with-output"))).Single();
        CollectionAssert.AreEqual(new[] { "Child received: Hello from parent", "Child output: 42" }, started.State.OutputLines);
        Assert.AreEqual("test-correlation-123", started.CorrelationId);
        Assert.AreEqual(parent.Id, started.State.Input["ParentInstanceId"]);
        Assert.AreEqual(parent.Id, started.State.Parent!.InstanceId);
        Assert.AreEqual("ExecuteWorkflow1", started.State.Parent.ActivityId);
    }

    // Elsa resumes a waiting parent whenever the child ends — a faulted or cancelled child too (both are "Finished" there).
    [TestMethod]
    public async Task AParentIsResumedWhenItsChildFaultsOrIsCancelled()
    {
        await using var host = await WorkflowHost.StartAsync();
        var child = Workflow("child", [A("wait", "Elsa.Event", ("eventName", Lit("go"))), A("boom", "Elsa.Fault", ("message", Lit("child broke")))], [C("wait", "boom")]);
        await host.PublishAsync(child);
        await host.PublishAsync(Parent("Elsa.ExecuteWorkflow", wait: true));

        var first = await host.StartAsync("parent");
        await host.Runtime.ResumeByNameAsync("go", null);
        Assert.AreEqual(WorkflowStatus.Faulted, (await ChildOf(host, first)).Status);
        var afterFault = (await host.Instances.FindAsync(first.Id))!;
        Assert.AreEqual(WorkflowStatus.Finished, afterFault.Status);
        CollectionAssert.AreEqual(new[] { "parent got {}" }, afterFault.State.OutputLines);

        var second = await host.StartAsync("parent");
        await host.Runtime.CancelAsync((await ChildOf(host, second)).Id);
        Assert.AreEqual(WorkflowStatus.Finished, (await host.Instances.FindAsync(second.Id))!.Status);
    }
}
