using System.Text.Json.Nodes;
using Agent.Workflows.Activities.Workflows;
using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;
using static Agent.Workflows.Tests.Engine.Def;
using static Agent.Workflows.Tests.Engine.WorkflowHost;

namespace Agent.Workflows.Tests.Engine;

/// <summary>A published definition usable as an activity runs inline in another, with its inputs, outputs and outcomes.</summary>
[TestClass]
public sealed class WorkflowActivityTests
{
    // Greets the name it is given, sets its Greeting output, and completes with Happy for Ann and Sad for anyone else.
    internal static JsonObject Greeter()
    {
        var json = Workflow("greeter", [
            WriteJsLine("hello", "'Hello ' + getInput('Who')"),
            A("out", "Elsa.SetOutput", ("outputName", Lit("Greeting")), ("outputValue", Js("'Hi ' + getInput('Who') + ' #' + getVariable('count')"))),
            Decision("isAnn", "getInput('Who') === 'Ann'"),
            A("happy", "Elsa.Complete", ("outcomes", Js("['Happy']"))),
            A("sad", "Elsa.Complete", ("outcomes", Js("'Sad'"))),
        ], [C("hello", "out"), C("out", "isAnn"), C("isAnn", "happy", "True"), C("isAnn", "sad", "False")], usableAsActivity: true,
            variables: [Variable("var-count", "count", "Int32", "7")]);
        json["name"] = "Greeter";
        json["inputs"] = new JsonArray(Parameter("Who"));
        json["outputs"] = new JsonArray(Parameter("Greeting"));
        json["outcomes"] = new JsonArray("Happy", "Sad");
        json["options"]!["activityCategory"] = "People";
        return json;
    }

    private static JsonObject WriteJsLine(string id, string script) => A(id, "Elsa.WriteLine", ("text", Js(script, "String")));

    [TestMethod]
    public async Task TwoUsesOfOneWorkflowRunInlineWithTheirInputsOutputsAndOutcomes()
    {
        await using var host = await WorkflowHost.StartAsync();
        await host.PublishAsync(Greeter());
        await host.PublishAsync(Workflow("parent", [
            Use("ann", "Greeter", "greeter", ("Who", Lit("Ann")), ("Greeting", Capture("var-a"))),
            Use("bob", "Greeter", "greeter", ("Who", Lit("Bob")), ("Greeting", Capture("var-b"))),
            WriteJsLine("report", "getVariable('a') + ' / ' + getVariable('b') + ' / ' + getOutputFrom('ann', 'Greeting')"),
            WriteLine("unexpected", "a port that must not fire"),
        ], [C("ann", "bob", "Happy"), C("ann", "unexpected", "Sad"), C("bob", "report", "Sad"), C("bob", "unexpected", "Happy")],
            variables: [Variable("var-a", "a", "String", null), Variable("var-b", "b", "String", null), Variable("var-count", "count", "Int32", "0")]));

        var instance = await host.StartAsync("parent");

        Assert.AreEqual(WorkflowStatus.Finished, instance.Status, string.Join("; ", instance.State.Incidents.Select(i => i.Message)));
        CollectionAssert.AreEqual(new[] { "Hello Ann", "Hello Bob", "Hi Ann #7 / Hi Bob #7 / Hi Ann #7" }, instance.State.OutputLines);
        // The inner variable lived in the inner frame: the parent's own 'count' is untouched.
        Assert.AreEqual(0L, Convert.ToInt64(instance.State.Variables["count"]));
        Assert.IsEmpty(instance.State.Frames, "every frame is closed when the instance finishes");
        var journal = await host.Instances.GetJournalAsync(instance.Id);
        var ids = journal.Select(e => e.ActivityId).ToList();
        CollectionAssert.IsSubsetOf(new[] { "ann:hello", "ann:out", "ann:happy", "bob:hello", "bob:sad", "ann", "bob", "report" }, ids);
        CollectionAssert.DoesNotContain(ids, "unexpected");
        Assert.AreEqual("Happy", journal.Single(e => e.ActivityId == "ann").Outcomes);
        Assert.AreEqual("Sad", journal.Single(e => e.ActivityId == "bob").Outcomes);
    }

    [TestMethod]
    public async Task AWorkflowActivityWaitsInsideOnBookmarksEvenAfterItsDefinitionIsRetracted()
    {
        await using var host = await WorkflowHost.StartAsync();
        var waiter = Workflow("waiter", [A("wait", "Elsa.Event", ("eventName", Lit("go"))), WriteJsLine("after", "'resumed ' + getInput('Who')")],
            [C("wait", "after")], usableAsActivity: true);
        waiter["name"] = "Waiter";
        waiter["inputs"] = new JsonArray(Parameter("Who"));
        await host.PublishAsync(waiter);
        await host.PublishAsync(Workflow("outer", [Use("w", "Waiter", "waiter", ("Who", Lit("me"))), WriteLine("end", "end")], [C("w", "end")]));

        var started = await host.StartAsync("outer");
        Assert.AreEqual(WorkflowStatus.Suspended, started.Status);
        Assert.AreEqual("w:wait", started.State.Bookmarks.Single().ActivityId);

        // Retracting the workflow stops new uses, not the instance already running it.
        await host.Definitions.RetractAsync("waiter");
        Assert.IsFalse(host.Registry.TryGet("Waiter", out _));
        var resumed = (await host.Runtime.ResumeByNameAsync("go", null)).Single();
        Assert.AreEqual(WorkflowStatus.Finished, resumed.Status);
        CollectionAssert.AreEqual(new[] { "resumed me", "end" }, resumed.State.OutputLines);
    }

    [TestMethod]
    public async Task TheRegistryFollowsPublishRetractRepublishDeleteAndARestart()
    {
        await using var host = await WorkflowHost.StartAsync();
        var revision = host.Registry.Revision;
        await host.PublishAsync(Greeter());

        Assert.IsTrue(host.Registry.TryGet("Greeter", out var type));
        Assert.IsGreaterThan(revision, host.Registry.Revision, "a toolbox cache sees the change");
        Assert.AreEqual("People", type.Descriptor.Category);
        CollectionAssert.AreEqual(new[] { "Who" }, type.Descriptor.Inputs.Select(i => i.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "Greeting" }, type.Descriptor.Outputs.Select(o => o.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "Happy", "Sad" }, type.PortNames.ToArray());
        Assert.AreEqual("greeter", type.Descriptor.CustomProperties["WorkflowDefinitionId"]);
        Assert.IsTrue(host.Registry.Descriptors.Any(d => d.TypeName == "Greeter"), "the toolbox lists it");

        var v2 = Greeter();
        v2["inputs"] = new JsonArray(Parameter("Who"), Parameter("Mood"));
        await host.PublishAsync(v2);
        Assert.IsTrue(host.Registry.TryGet("Greeter", out var republished));
        Assert.AreEqual(2, republished.Descriptor.Version);
        CollectionAssert.AreEqual(new[] { "Who", "Mood" }, republished.Descriptor.Inputs.Select(i => i.Name).ToArray());

        await using (var restarted = await WorkflowHost.StartAsync(host.Directory))
            Assert.AreEqual(2, restarted.Registry.TryGet("Greeter", out var loaded) ? loaded.Descriptor.Version : 0, "start-up loads the published workflows");

        await host.Definitions.RetractAsync("greeter");
        Assert.IsFalse(host.Registry.TryGet("Greeter", out _), "a retracted workflow is no activity");
        await host.Definitions.PublishAsync("greeter");
        Assert.IsTrue(host.Registry.TryGet("Greeter", out _), "publishing it again brings it back");

        await host.Definitions.DeleteAsync("greeter");
        Assert.IsFalse(host.Registry.TryGet("Greeter", out _));
    }

    // Elsa's parent → child → grandchild scenario (CachingAndWorkflowDefinitionActivity), re-authored without the HTTP trigger.
    [TestMethod]
    public async Task WorkflowActivitiesNestThreeLevelsDeepUnderPrefixedIds()
    {
        await using var host = await WorkflowHost.StartAsync();
        var grandChild = Workflow("grand-child", [WriteLine("WriteLine1", "grandchild")], [], usableAsActivity: true);
        grandChild["name"] = "Grand Child";
        var grand = await host.PublishAsync(grandChild);
        var child = Workflow("child", [WriteLine("WriteLine1", "child"), Use("GrandChild1", "GrandChild", "grand-child")], [C("WriteLine1", "GrandChild1")], usableAsActivity: true);
        child["name"] = "Child";
        ((JsonObject)child["root"]!["activities"]![1]!)["workflowDefinitionVersionId"] = grand.Id;
        await host.PublishAsync(child);
        await host.PublishAsync(Workflow("parent", [Use("Child1", "Child", "child"), WriteLine("WriteLine1", "parent")], [C("Child1", "WriteLine1")]));

        var instance = await host.StartAsync("parent");

        Assert.AreEqual(WorkflowStatus.Finished, instance.Status, string.Join("; ", instance.State.Incidents.Select(i => i.Message)));
        CollectionAssert.AreEqual(new[] { "child", "grandchild", "parent" }, instance.State.OutputLines);
        var ids = (await host.Instances.GetJournalAsync(instance.Id)).Select(e => e.ActivityId).ToList();
        CollectionAssert.IsSubsetOf(new[] { "Child1:WriteLine1", "Child1:GrandChild1:WriteLine1", "WriteLine1" }, ids);
    }

    [TestMethod]
    public async Task ImportingAFolderStoresTheUsedWorkflowBeforeTheOneUsingIt()
    {
        await using var host = await WorkflowHost.StartAsync();
        var folder = System.IO.Directory.CreateDirectory(Path.Combine(host.Directory, "import")).FullName;
        // The parent sorts first, so the first pass refuses it: its workflow activity is not stored yet.
        var parent = Workflow("a-parent", [Use("child", "ZChild", "z-child"), WriteLine("end", "end")], [C("child", "end")]);
        parent["id"] = "a-parent-v1";
        var child = Workflow("z-child", [WriteLine("w", "from the child")], [], usableAsActivity: true);
        child["id"] = "z-child-v1";
        child["name"] = "ZChild";
        await File.WriteAllTextAsync(Path.Combine(folder, "a-parent.json"), parent.ToJsonString());
        await File.WriteAllTextAsync(Path.Combine(folder, "z-child.json"), child.ToJsonString());

        var report = await host.Definitions.ImportDirectoryAsync(folder);

        Assert.IsEmpty(report.Failed, string.Join("; ", report.Failed.Select(f => f.Reason)));
        Assert.HasCount(2, report.Imported);
        var instance = await host.StartAsync("a-parent");
        CollectionAssert.AreEqual(new[] { "from the child", "end" }, instance.State.OutputLines);
    }
}
