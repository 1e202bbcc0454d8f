using System.Text.Json.Nodes;
using Agent.Workflows.Runtime;
using static Agent.Workflows.Tests.Engine.ContainerDef;
using static Agent.Workflows.Tests.Engine.Def;

namespace Agent.Workflows.Tests.Engine;

/// <summary>
/// Elsa 3's composite activities (containers, loops, branching), re-authored from the scenarios of Elsa's own
/// integration tests with the output and status those tests assert.
/// </summary>
[TestClass]
public sealed class ContainerActivityTests
{
    [TestMethod]
    public async Task FlowNodeWithNestedFlowchartBodyFeedsAWaitAllJoin()
    {
        // Elsa: ExplicitJoins/join-all-2.json, "Start; Line 1; Line 2; End".
        var json = Flowchart(
            [WriteLine("w1", "Start"),
             A("node", "Elsa.FlowNode").With("body", SubFlowchart("inner", [WriteLine("w2", "Line 2")])),
             WriteLine("w3", "Line 1"), Join("join", "WaitAll"), WriteLine("w4", "End")],
            [C("w1", "w3"), C("w1", "node"), C("w3", "join"), C("node", "join"), C("join", "w4")]);
        var instance = await new TestEngine().StartAsync(json);
        CollectionAssert.AreEqual(new[] { "Start", "Line 1", "Line 2", "End" }, instance.State.OutputLines);
        Assert.AreEqual(WorkflowStatus.Finished, instance.Status);
        Assert.AreEqual(0, instance.State.Frames.Count, "every frame is closed when the instance finishes");
    }

    [TestMethod]
    public async Task ParallelForEachWritesEachFruitThenCompletes()
    {
        // Elsa: FlowchartCompletion/workflow6.json.
        var json = Flowchart(
            [WriteLine("w1", "Start"),
             A("loop", "Elsa.ParallelForEach", ("items", Js("[\"Apple\", \"Banana\", \"Cherry\"]", "Object[]")))
                .With("body", SubFlowchart("body", [WriteJs("w3", "`Current fruit: ${getCurrentValue()}`")])),
             WriteLine("w2", "End")],
            [C("w1", "loop"), C("loop", "w2")]);
        var instance = await new TestEngine().StartAsync(json);
        CollectionAssert.AreEqual(new[] { "Start", "Current fruit: Apple", "Current fruit: Banana", "Current fruit: Cherry", "End" }, instance.State.OutputLines);
        Assert.AreEqual(WorkflowStatus.Finished, instance.Status);
    }

    [TestMethod]
    public async Task ParallelForEachBodiesWithAWaitAnyJoinEachComplete()
    {
        // Elsa: JoinBehaviors/parallel-join.json: each body's decision is false, its WaitAny join still runs, the workflow finishes.
        var body = SubFlowchart("body",
            [Decision("d", "false"), WriteLine("t", "True branch"), Join("j", "WaitAny"), WriteJs("after", "`After ${getCurrentValue()}`")],
            [C("d", "t", "True"), C("t", "j"), C("j", "after"), C("d", "j", "False")]);
        var json = Flowchart([A("loop", "Elsa.ParallelForEach", ("items", Js("[1,2,3]"))).With("body", body)], []);
        var instance = await new TestEngine().StartAsync(json);
        CollectionAssert.AreEqual(new[] { "After 1", "After 2", "After 3" }, instance.State.OutputLines);
        Assert.AreEqual(WorkflowStatus.Finished, instance.Status);
    }

    [TestMethod]
    public async Task FlowNodeBodyWaitingOnAnEventKeepsTheWorkflowSuspendedUntilResumed()
    {
        // Elsa: FlowchartCompletion/workflow5.json: the other branch completes, the FlowNode's event still holds the flowchart open.
        var json = Flowchart(
            [A("start", "Elsa.Start"), WriteLine("mid", "Intermediary"), WriteLine("none", "None"),
             A("node", "Elsa.FlowNode").With("body", SubFlowchart("inner", [A("ev", "Elsa.Event", ("eventName", Lit("Go")))])),
             WriteLine("after", "After")],
            [C("start", "node"), C("start", "mid"), C("mid", "none"), C("node", "after")]);
        var engine = new TestEngine();
        var instance = await engine.StartAsync(json);
        Assert.AreEqual(WorkflowStatus.Suspended, instance.Status);
        CollectionAssert.AreEqual(new[] { "Intermediary", "None" }, instance.State.OutputLines);
        instance = (await engine.Runtime.ResumeByNameAsync("Go", null)).Single();
        CollectionAssert.AreEqual(new[] { "Intermediary", "None", "After" }, instance.State.OutputLines);
        Assert.AreEqual(WorkflowStatus.Finished, instance.Status);
    }

    [TestMethod]
    public async Task ForEachRunsItsBodyOncePerItemInOrderWithItsOwnIndex()
    {
        var json = Flowchart(
            [A("loop", "Elsa.ForEach", ("items", Js("['a', 'b', 'c']")))
                .With("body", Container("seq", "Elsa.Sequence", WriteJs("w", "`${getCurrentIndex()}:${getCurrentValue()}`"))),
             WriteLine("end", "End")],
            [C("loop", "end")]);
        var instance = await new TestEngine().StartAsync(json);
        CollectionAssert.AreEqual(new[] { "0:a", "1:b", "2:c", "End" }, instance.State.OutputLines);
    }

    [TestMethod]
    public async Task ForEachCapturesCurrentValueIntoAVariable()
    {
        var loop = A("loop", "Elsa.ForEach", ("items", Js("[10, 20]")));
        loop["currentValue"] = new JsonObject { ["typeName"] = "Object", ["memoryReference"] = new JsonObject { ["id"] = "v-last" } };
        loop.With("body", WriteJs("w", "`${getCurrentValue() + 1}`"));
        var json = Flowchart([loop], [], [Variable("v-last", "Last", "Object", null)]);
        var instance = await new TestEngine().StartAsync(json);
        CollectionAssert.AreEqual(new[] { "11", "21" }, instance.State.OutputLines);
        Assert.AreEqual(20L, instance.State.Variables["Last"]);
    }

    [TestMethod]
    public async Task ForCountsUpInclusiveAndDownExclusive()
    {
        var json = Flowchart(
            [A("up", "Elsa.For", ("start", Lit(1, "Int32")), ("end", Lit(3, "Int32")), ("step", Lit(1, "Int32"))).With("body", WriteJs("u", "`up ${getCurrentValue()}`")),
             A("down", "Elsa.For", ("start", Lit(3, "Int32")), ("end", Lit(1, "Int32")), ("step", Lit(-1, "Int32")), ("outerBoundInclusive", Lit(false, "Boolean")))
                .With("body", WriteJs("d", "`down ${getCurrentValue()}`"))],
            [C("up", "down")]);
        var instance = await new TestEngine().StartAsync(json);
        CollectionAssert.AreEqual(new[] { "up 1", "up 2", "up 3", "down 3", "down 2" }, instance.State.OutputLines);
    }

    [TestMethod]
    public async Task BreakInsideWhileLeavesTheLoopAndTheFlowGoesOn()
    {
        var body = SubFlowchart("body",
            [A("inc", "Elsa.SetVariable", ("variable", Variable("c", "Counter", "Int32", "0")), ("value", Js("getCounter() + 1"))),
             WriteJs("w", "`Round ${getCounter()}`"), Decision("stop", "getCounter() >= 3"), A("brk", "Elsa.Break"), WriteLine("cont", "Continue")],
            [C("inc", "w"), C("w", "stop"), C("stop", "brk", "True"), C("stop", "cont", "False")]);
        var json = Flowchart(
            [A("loop", "Elsa.While", ("condition", Js("true", "Boolean"))).With("body", body), WriteLine("after", "After loop")],
            [C("loop", "after")], [Variable("c", "Counter", "Int32", "0")]);
        var instance = await new TestEngine().StartAsync(json);
        CollectionAssert.AreEqual(new[] { "Round 1", "Continue", "Round 2", "Continue", "Round 3", "After loop" }, instance.State.OutputLines);
        Assert.AreEqual(WorkflowStatus.Finished, instance.Status);
    }

    [TestMethod]
    public async Task WhileStopsWhenItsConditionTurnsFalse()
    {
        var json = Flowchart(
            [A("loop", "Elsa.While", ("condition", Js("getCounter() < 2", "Boolean")))
                .With("body", A("inc", "Elsa.SetVariable", ("variable", Variable("c", "Counter", "Int32", "0")), ("value", Js("getCounter() + 1"))))],
            [], [Variable("c", "Counter", "Int32", "0")]);
        var instance = await new TestEngine().StartAsync(json);
        Assert.AreEqual(2L, instance.State.Variables["Counter"]);
        Assert.AreEqual(WorkflowStatus.Finished, instance.Status);
    }

    [TestMethod]
    [DataRow(true, "Then")]
    [DataRow(false, "Else")]
    public async Task IfRunsOneBranchThenCompletesWithDone(bool condition, string expected)
    {
        var json = Flowchart(
            [A("if", "Elsa.If", ("condition", Js(condition ? "1 + 1 === 2" : "1 + 1 === 3", "Boolean")))
                .With("then", WriteLine("t", "Then")).With("else", WriteLine("e", "Else")),
             WriteLine("after", "After")],
            [C("if", "after")]);
        var instance = await new TestEngine().StartAsync(json);
        CollectionAssert.AreEqual(new[] { expected, "After" }, instance.State.OutputLines);
        Assert.AreEqual(condition, instance.State.ActivityOutputs["if"]["result"]);
    }

    [TestMethod]
    public async Task OutputsAreFoundByTheirElsaSpellingToo()
    {
        var json = Flowchart(
            [A("if", "Elsa.If", ("condition", Js("true", "Boolean"))).With("then", WriteLine("t", "Then")),
             WriteJs("w", "`${getOutputFrom('if', 'Result')}/${getOutputFrom('if', 'result')}/${getOutputFrom('if')}`")],
            [C("if", "w")]);
        var instance = await new TestEngine().StartAsync(json);
        CollectionAssert.AreEqual(new[] { "Then", "true/true/true" }, instance.State.OutputLines);
    }

    [TestMethod]
    [DataRow("MatchFirst", new[] { "Big", "Done" })]
    [DataRow("MatchAny", new[] { "Big", "Even", "Done" })]
    public async Task SwitchRunsTheMatchingCases(string mode, string[] expected)
    {
        var sw = A("sw", "Elsa.Switch", ("mode", Lit(mode)));
        sw["cases"] = new JsonArray(
            Case("Small", "getN() < 5", WriteLine("s", "Small")),
            Case("Big", "getN() >= 5", WriteLine("b", "Big")),
            Case("Even", "getN() % 2 === 0", WriteLine("e", "Even")));
        sw.With("default", WriteLine("d", "Default"));
        var json = Flowchart([sw, WriteLine("done", "Done")], [C("sw", "done")], [Variable("n", "N", "Int32", "8")]);
        var instance = await new TestEngine().StartAsync(json);
        CollectionAssert.AreEqual(expected, instance.State.OutputLines);
    }

    [TestMethod]
    public async Task SwitchWithNoMatchRunsDefault()
    {
        var sw = A("sw", "Elsa.Switch");
        sw["cases"] = new JsonArray(Case("Never", "false", WriteLine("n", "Never")));
        sw.With("default", WriteLine("d", "Default"));
        var instance = await new TestEngine().StartAsync(Flowchart([sw], []));
        CollectionAssert.AreEqual(new[] { "Default" }, instance.State.OutputLines);
    }

    [TestMethod]
    public async Task SequenceRunsInOrderAndStopsAtATerminalActivity()
    {
        var json = Flowchart(
            [Container("seq", "Elsa.Sequence", WriteLine("a", "A"), WriteLine("b", "B"), A("end", "Elsa.End"), WriteLine("c", "never")),
             WriteLine("after", "After")],
            [C("seq", "after")]);
        var instance = await new TestEngine().StartAsync(json);
        CollectionAssert.AreEqual(new[] { "A", "B", "After" }, instance.State.OutputLines, "Elsa.End ends the sequence it stands in, which then completes");
        Assert.AreEqual(WorkflowStatus.Finished, instance.Status);
    }

    [TestMethod]
    public async Task ParallelCompletesWhenEveryBranchHasCompleted()
    {
        var json = Flowchart(
            [Container("par", "Elsa.Parallel",
                Container("s1", "Elsa.Sequence", WriteLine("a1", "A1"), WriteLine("a2", "A2")),
                Container("s2", "Elsa.Sequence", WriteLine("b1", "B1"), WriteLine("b2", "B2"))),
             WriteLine("after", "After")],
            [C("par", "after")]);
        var instance = await new TestEngine().StartAsync(json);
        CollectionAssert.AreEqual(new[] { "A1", "B1", "A2", "B2", "After" }, instance.State.OutputLines);
    }

    [TestMethod]
    public async Task CorrelateAndSetNameChangeTheInstance()
    {
        var json = Flowchart(
            [A("c", "Elsa.Correlate", ("correlationId", Js("'order-' + 42", "String"))), A("n", "Elsa.SetName", ("value", Lit("Order 42")))],
            [C("c", "n")]);
        var instance = await new TestEngine().StartAsync(json);
        Assert.AreEqual("order-42", instance.CorrelationId);
        Assert.AreEqual("Order 42", instance.Name);
    }

    [TestMethod]
    public async Task CompleteAtTheTopFinishesTheWorkflow()
    {
        var json = Flowchart(
            [WriteLine("a", "A"), A("done", "Elsa.Complete", ("outcomes", Js("['Approved']"))), WriteLine("b", "B"), A("ev", "Elsa.Event", ("eventName", Lit("X")))],
            [C("a", "done"), C("a", "ev"), C("done", "b")]);
        var instance = await new TestEngine().StartAsync(json);
        CollectionAssert.AreEqual(new[] { "A" }, instance.State.OutputLines);
        Assert.AreEqual(WorkflowStatus.Finished, instance.Status);
        Assert.AreEqual(0, instance.State.Bookmarks.Count);
    }

    [TestMethod]
    public async Task IterationsKeepTheirOwnContainerVariablesAndOutputs()
    {
        // The body flowchart declares a variable: every iteration starts from its default, and reads its own outputs.
        var body = SubFlowchart("body",
            [A("set", "Elsa.SetVariable", ("variable", Variable("t", "Total", "Int32", "100")), ("value", Js("getTotal() + getCurrentValue()"))),
             WriteJs("w", "`${getCurrentValue()} -> ${getTotal()}`")],
            [C("set", "w")]);
        body["variables"] = new JsonArray(Variable("t", "Total", "Int32", "100"));
        var json = Flowchart([A("loop", "Elsa.ParallelForEach", ("items", Js("[1, 2]"))).With("body", body)], []);
        var instance = await new TestEngine().StartAsync(json);
        CollectionAssert.AreEqual(new[] { "1 -> 101", "2 -> 102" }, instance.State.OutputLines);
        Assert.IsFalse(instance.State.Variables.ContainsKey("Total"), "the body's variable lives in its frames, not the instance");
    }

    [TestMethod]
    public async Task ItemsThatAreNotAListFaultTheInstanceWithTheJsonPath()
    {
        var json = Flowchart([WriteLine("a", "A"), A("loop", "Elsa.ForEach", ("items", Js("({ not: 'a list' })"))).With("body", WriteLine("w", "never"))], [C("a", "loop")]);
        var instance = await new TestEngine().StartAsync(json);
        Assert.AreEqual(WorkflowStatus.Faulted, instance.Status);
        var incident = instance.State.Incidents.Single();
        Assert.AreEqual("loop", incident.ActivityId);
        StringAssert.Contains(incident.Message, "$.root.activities[1].items");
        StringAssert.Contains(incident.Message, "not a list");
        CollectionAssert.AreEqual(new[] { "A" }, instance.State.OutputLines);
    }

    [TestMethod]
    public async Task AFaultInsideALoopBodyFaultsTheInstanceAtThatActivity()
    {
        var json = Flowchart([A("loop", "Elsa.ForEach", ("items", Js("[1, 2]"))).With("body", A("f", "Elsa.Fault", ("message", Lit("boom"))))], []);
        var instance = await new TestEngine().StartAsync(json);
        Assert.AreEqual(WorkflowStatus.Faulted, instance.Status);
        Assert.AreEqual("f", instance.State.Incidents.Single().ActivityId);
    }

    [TestMethod]
    public async Task EndDirectlyInABodyFlowchartEndsThatFlowchartOnly()
    {
        var body = SubFlowchart("body", [WriteJs("w", "`item ${getCurrentValue()}`"), A("end", "Elsa.End"), A("ev", "Elsa.Event", ("eventName", Lit("Never")))],
            [C("w", "end"), C("w", "ev")]);
        var json = Flowchart([A("loop", "Elsa.ForEach", ("items", Js("[1, 2]"))).With("body", body), WriteLine("after", "After")], [C("loop", "after")]);
        var instance = await new TestEngine().StartAsync(json);
        CollectionAssert.AreEqual(new[] { "item 1", "item 2", "After" }, instance.State.OutputLines);
        Assert.AreEqual(WorkflowStatus.Finished, instance.Status, "each iteration's waiting event was dropped when End ended its flowchart");
    }

    [TestMethod]
    public async Task EachIterationsBookmarkIsInItsOwnFrameAndPathAndResumesOnlyThatIteration()
    {
        var body = SubFlowchart("body", [A("ev", "Elsa.Event", ("eventName", Js("'Go-' + getCurrentValue()", "String"))), WriteJs("w", "`done ${getCurrentValue()}`")], [C("ev", "w")]);
        var json = Flowchart([A("loop", "Elsa.ParallelForEach", ("items", Js("['a', 'b']"))).With("body", body), WriteLine("end", "End")], [C("loop", "end")]);
        var engine = new TestEngine();
        var instance = await engine.StartAsync(json);
        Assert.AreEqual(WorkflowStatus.Suspended, instance.Status);
        CollectionAssert.AreEquivalent(new[] { "loop[0] › body", "loop[1] › body" },
            instance.State.Bookmarks.Select(b => FramePath.Describe(instance.State, b.FrameId)).ToArray());
        instance = (await engine.Runtime.ResumeByNameAsync("Go-b", null)).Single();
        CollectionAssert.AreEqual(new[] { "done b" }, instance.State.OutputLines);
        Assert.AreEqual(WorkflowStatus.Suspended, instance.Status);
        instance = (await engine.Runtime.ResumeByNameAsync("Go-a", null)).Single();
        CollectionAssert.AreEqual(new[] { "done b", "done a", "End" }, instance.State.OutputLines);
        Assert.AreEqual(WorkflowStatus.Finished, instance.Status);
    }
}
