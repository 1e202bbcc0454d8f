using System.Text.Json.Nodes;
using Agent.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;
using static Agent.Workflows.Tests.Engine.Def;

namespace Agent.Workflows.Tests.Engine;

[TestClass]
public sealed class NestedFlowchartTests
{
    private static JsonObject Nested(string id, IEnumerable<JsonObject> activities, IEnumerable<JsonObject> connections)
    {
        var node = A(id, "Elsa.Flowchart");
        node["activities"] = new JsonArray([.. activities]);
        node["connections"] = new JsonArray([.. connections]);
        return node;
    }

    [TestMethod]
    public async Task ANestedFlowchartIsOneBranchOfAWaitAllJoin()
    {
        var json = Flowchart(
            [WriteLine("WriteLine1", "Start"), WriteLine("WriteLine2", "Line 1"), Nested("Sub", [WriteLine("Inner", "Line 2")], []),
             Join("FlowJoin1", "WaitAll"), WriteLine("WriteLine3", "End")],
            [C("WriteLine1", "WriteLine2"), C("WriteLine1", "Sub"), C("WriteLine2", "FlowJoin1"), C("Sub", "FlowJoin1"), C("FlowJoin1", "WriteLine3")]);
        var engine = new TestEngine();
        var instance = await engine.StartAsync(json);
        CollectionAssert.AreEqual(new[] { "Start", "Line 1", "Line 2", "End" }, instance.State.OutputLines);
        Assert.AreEqual(WorkflowStatus.Finished, instance.Status);
        var journal = (await engine.Store.GetJournalAsync(instance.Id)).ToList();
        Assert.AreEqual(1, journal.Count(e => e.ActivityId == "Sub" && e.Status == JournalStatus.Completed));
        Assert.IsTrue(journal.FindIndex(e => e.ActivityId == "Inner") < journal.FindIndex(e => e.ActivityId == "Sub"));
    }

    [TestMethod]
    public async Task AWaitInsideANestedFlowchartSuspendsItUntilResumed()
    {
        var json = Flowchart(
            [A("Start1", "Elsa.Start"), Nested("FlowNode1", [A("Event1", "Elsa.Event", ("eventName", Lit("Event4")))], []),
             WriteLine("WriteLine1", "Intermediary"), WriteLine("WriteLine2", "")],
            [C("Start1", "FlowNode1"), C("Start1", "WriteLine1"), C("WriteLine1", "WriteLine2")]);
        var engine = new TestEngine();
        var started = await engine.StartAsync(json);
        Assert.AreEqual(WorkflowStatus.Suspended, started.Status);
        Assert.AreEqual("Event4", started.State.Bookmarks.Single().Name);
        var done = await engine.RunUntilEndAsync(json);
        Assert.AreEqual(WorkflowStatus.Finished, done.Status);
    }

    [TestMethod]
    public async Task EndInsideANestedFlowchartEndsOnlyThatFlowchart()
    {
        var json = Flowchart(
            [Nested("Sub", [WriteLine("A", "inside"), A("Wait", "Elsa.Event", ("eventName", Lit("never"))), A("Stop", "Elsa.End")], [C("A", "Wait"), C("A", "Stop")]),
             WriteLine("After", "after")],
            [C("Sub", "After")]);
        var engine = new TestEngine();
        var instance = await engine.StartAsync(json);
        CollectionAssert.AreEqual(new[] { "inside", "after" }, instance.State.OutputLines);
        Assert.AreEqual(WorkflowStatus.Finished, instance.Status);
        Assert.AreEqual(0, (await engine.Store.FindBookmarksAsync("never", null)).Count);
    }

    [TestMethod]
    public async Task AnEmptyNestedFlowchartCompletesAtOnceAndLoopsWork()
    {
        var json = Flowchart(
            [Nested("Empty", [], []),
             A("Inc", "Elsa.SetVariable", ("variable", new JsonObject { ["id"] = "n", ["name"] = "N" }), ("value", Js("getN() + 1"))),
             Nested("Body", [A("Say", "Elsa.WriteLine", ("text", Js("'round ' + getN()", "String")))], []),
             Decision("Again", "getN() < 3")],
            [C("Empty", "Inc"), C("Inc", "Body"), C("Body", "Again"), C("Again", "Inc", "True")],
            [Variable("n", "N", "Int32", "0")]);
        var instance = await new TestEngine().StartAsync(json);
        CollectionAssert.AreEqual(new[] { "round 1", "round 2", "round 3" }, instance.State.OutputLines);
        Assert.AreEqual(WorkflowStatus.Finished, instance.Status);
    }

    [TestMethod]
    public async Task AnEmptyRootFlowchartIsValidAndFinishesAtOnce()
    {
        // What Elsa Studio's "Create workflow" saves before anything is dragged in.
        var engine = new TestEngine();
        var instance = await engine.StartAsync(Flowchart([], []));
        Assert.AreEqual(WorkflowStatus.Finished, instance.Status);
        Assert.IsEmpty(instance.State.OutputLines);
        Assert.AreEqual(WorkflowStatus.Finished, (await engine.Store.FindAsync(instance.Id))!.Status, "the end is stored");
    }

    [TestMethod]
    public void ProblemsInsideANestedFlowchartCarryTheirFullPath()
    {
        var json = Flowchart([WriteLine("a", "a"), Nested("Sub", [A("x", "Elsa.Nope"), WriteLine("a", "dup")], [C("x", "y")])], [C("a", "Sub")]);
        var errors = new TestEngine().Services.GetRequiredService<Agent.Workflows.Execution.Flowchart.WorkflowCompiler>().Validate(Agent.Workflows.Model.WorkflowDefinitionReader.Parse(json));
        var paths = errors.Select(e => e.Path).ToList();
        CollectionAssert.Contains(paths, "$.root.activities[1].activities[0].type");
        CollectionAssert.Contains(paths, "$.root.activities[1].activities[1].id");
    }
}
