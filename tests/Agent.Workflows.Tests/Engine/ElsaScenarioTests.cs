using Agent.Workflows.Runtime;
using static Agent.Workflows.Tests.Engine.Def;

namespace Agent.Workflows.Tests.Engine;

/// <summary>
/// Scenarios from Elsa 3's own integration tests (elsa-core test/integration/**/Workflows), re-authored
/// here with the same topology and the same asserted output. The docs/research notes list the originals.
/// </summary>
[TestClass]
public sealed class ElsaScenarioTests
{
    [TestMethod]
    public async Task LegacyFileWithRootStartAndNoConnectionsRuns()
    {
        const string json = """
        { "id": "wl-1", "definitionId": "writeline", "version": 1, "toolVersion": "3.0.0.0",
          "root": { "type": "Elsa.Flowchart", "id": "Flowchart1", "start": "WriteLine1",
            "activities": [ { "id": "WriteLine1", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "Dummy Text" } } } ],
            "connections": [] } }
        """;
        var instance = await new TestEngine().StartAsync(json);
        CollectionAssert.AreEqual(new[] { "Dummy Text" }, instance.State.OutputLines);
        Assert.AreEqual(WorkflowStatus.Finished, instance.Status);
    }

    [TestMethod]
    public async Task ImplicitLoopWithFlatLegacyConnectionsAndVariableIds()
    {
        const string json = """
        { "id": "loop-1", "definitionId": "implicit-loop", "version": 1,
          "variables": [ { "id": "b1198ecc", "name": "Counter", "typeName": "Int32", "value": "0" } ],
          "root": { "type": "Elsa.Flowchart", "id": "Flowchart1", "start": "Start1",
            "activities": [
              { "id": "Start1", "type": "Elsa.Start" },
              { "id": "WriteLine1", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "Do something" } } },
              { "id": "SetVariable1", "type": "Elsa.SetVariable",
                "variable": { "id": "b1198ecc", "name": "Counter", "typeName": "Int32", "value": "0" },
                "value": { "typeName": "Object", "expression": { "type": "JavaScript", "value": "getCounter() + 1" } } },
              { "id": "FlowDecision1", "type": "Elsa.FlowDecision", "condition": { "typeName": "Boolean", "expression": { "type": "JavaScript", "value": "getCounter() > 1" } } },
              { "id": "WriteLine2", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "Retry" } } },
              { "id": "WriteLine3", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "Done" } } } ],
            "connections": [
              { "source": "Start1", "target": "WriteLine1", "sourcePort": "Done", "targetPort": "In" },
              { "source": "WriteLine1", "target": "SetVariable1", "sourcePort": "Done", "targetPort": "In" },
              { "source": "SetVariable1", "target": "FlowDecision1", "sourcePort": "Done", "targetPort": "In" },
              { "source": "FlowDecision1", "target": "WriteLine3", "sourcePort": "True", "targetPort": "In" },
              { "source": "FlowDecision1", "target": "WriteLine2", "sourcePort": "False", "targetPort": "In" },
              { "source": "WriteLine2", "target": "WriteLine1", "sourcePort": "Done", "targetPort": "In" } ] } }
        """;
        var instance = await new TestEngine().StartAsync(json);
        CollectionAssert.AreEqual(new[] { "Do something", "Retry", "Do something", "Done" }, instance.State.OutputLines);
        Assert.AreEqual(2L, instance.State.Variables["Counter"]);
        Assert.AreEqual(WorkflowStatus.Finished, instance.Status);
    }

    [TestMethod]
    public async Task ExplicitJoinWaitAllWithoutStartActivity()
    {
        var json = Flowchart(
            [WriteLine("WriteLine1", "Start"), WriteLine("WriteLine2", "Line 1"), WriteLine("WriteLine3", "Line 2"), Join("FlowJoin1", "WaitAll"), WriteLine("WriteLine4", "End")],
            [C("WriteLine1", "WriteLine2"), C("WriteLine1", "WriteLine3"), C("WriteLine2", "FlowJoin1"), C("WriteLine3", "FlowJoin1"), C("FlowJoin1", "WriteLine4")]);
        var instance = await new TestEngine().StartAsync(json);
        CollectionAssert.AreEqual(new[] { "Start", "Line 1", "Line 2", "End" }, instance.State.OutputLines);
        Assert.AreEqual(WorkflowStatus.Finished, instance.Status);
    }

    [TestMethod]
    public async Task WaitAnyJoinsChainedRunTheEndOnce()
    {
        var json = Flowchart(
            [WriteLine("WriteLine1", "Start"), Join("FlowJoin1", "WaitAny"), Join("FlowJoin2", "WaitAny"), Join("FlowJoin3", "WaitAny"), WriteLine("WriteLine2", "End")],
            [C("WriteLine1", "FlowJoin1"), C("WriteLine1", "FlowJoin2"), C("FlowJoin1", "FlowJoin3"), C("FlowJoin2", "FlowJoin3"), C("FlowJoin3", "WriteLine2")]);
        var instance = await new TestEngine().StartAsync(json);
        CollectionAssert.AreEqual(new[] { "Start", "End" }, instance.State.OutputLines);
        Assert.AreEqual(WorkflowStatus.Finished, instance.Status);
    }

    [TestMethod]
    public async Task BraidedFlowRunsEveryActivityOnceInOrder()
    {
        var lines = Enumerable.Range(1, 9).Select(i => WriteLine($"WriteLine{i}", $"WriteLine{i}")).ToList();
        int[][] edges = [[1, 2], [1, 3], [2, 4], [2, 5], [3, 5], [3, 6], [4, 7], [5, 7], [5, 8], [6, 8], [7, 9], [8, 9]];
        var instance = await new TestEngine().StartAsync(Flowchart(lines, edges.Select(e => C($"WriteLine{e[0]}", $"WriteLine{e[1]}"))));
        CollectionAssert.AreEqual(Enumerable.Range(1, 9).Select(i => $"WriteLine{i}").ToArray(), instance.State.OutputLines);
        Assert.AreEqual(WorkflowStatus.Finished, instance.Status);
    }

    [TestMethod]
    public async Task BraidedFlowWithDelaysSuspendsThenFinishesWhenResumed()
    {
        var activities = Enumerable.Range(1, 9).Select(i => WriteLine($"WriteLine{i}", $"WriteLine{i}")).ToList();
        activities.Add(A("Delay1", "Elsa.Delay", ("timeSpan", Lit("00:00:05", "TimeSpan"))));
        activities.Add(A("Delay2", "Elsa.Delay", ("timeSpan", Lit("00:00:10", "TimeSpan"))));
        string[][] edges = [["1", "2"], ["1", "3"], ["2", "4"], ["2", "5"], ["3", "5"], ["3", "6"], ["4", "D1"], ["D1", "7"], ["5", "7"], ["5", "8"], ["6", "D2"], ["D2", "8"], ["7", "9"], ["8", "9"]];
        static string Id(string s) => s.StartsWith('D') ? $"Delay{s[1..]}" : $"WriteLine{s}";
        var engine = new TestEngine();
        var json = Flowchart(activities, edges.Select(e => C(Id(e[0]), Id(e[1]))));
        var started = await engine.StartAsync(json);
        Assert.AreEqual(WorkflowStatus.Suspended, started.Status);
        Assert.AreEqual(2, started.State.Bookmarks.Count);
        var instance = await engine.RunUntilEndAsync(json);
        Assert.AreEqual(WorkflowStatus.Finished, instance.Status);
        Assert.AreEqual(1, instance.State.OutputLines.Count(l => l == "WriteLine9"));
        Assert.AreEqual(9, instance.State.OutputLines.Distinct().Count());
    }

    [TestMethod]
    public async Task StreamJoinRunsOnTheBranchThatArrived()
    {
        var instance = await new TestEngine().StartAsync(ForkDecisionJoin("Stream"));
        CollectionAssert.AreEqual(new[] { "A", "C" }, instance.State.OutputLines);
        Assert.AreEqual(WorkflowStatus.Finished, instance.Status);
    }

    [TestMethod]
    [DataRow("Merge")]
    [DataRow("Converge")]
    public async Task StrictJoinsWaitForTheBranchThatNeverCame(string mode)
    {
        var instance = await new TestEngine().StartAsync(ForkDecisionJoin(mode));
        CollectionAssert.AreEqual(new[] { "A" }, instance.State.OutputLines);
    }

    [TestMethod]
    public async Task ImplicitJoinWithoutModeRunsWhenTheOtherBranchIsDead()
    {
        var instance = await new TestEngine().StartAsync(ForkDecisionJoin(null));
        CollectionAssert.AreEqual(new[] { "A", "C" }, instance.State.OutputLines);
    }

    private static string ForkDecisionJoin(string? mode)
    {
        var c = WriteLine("WriteLine4", "C");
        if (mode is not null) c.WithMergeMode(mode);
        return Flowchart(
            [A("Start1", "Elsa.Start"), WriteLine("WriteLine1", "A"), Decision("FlowDecision1", "return false;"), WriteLine("WriteLine9", "B"), c],
            [C("Start1", "WriteLine1"), C("Start1", "FlowDecision1"), C("FlowDecision1", "WriteLine9", "True"), C("WriteLine1", "WriteLine4"), C("WriteLine9", "WriteLine4")]);
    }

    [TestMethod]
    public async Task WaitAllJoinBlocksAndTheFaultBranchFaultsTheInstance()
    {
        var json = Flowchart(
            [WriteLine("A", "A"), WriteLine("B", "B"), WriteLine("C", "C"), WriteLine("D", "D"), WriteLine("E", "E"), WriteLine("F", "F"),
             Decision("FlowDecision1", "return false;"),
             A("Fault1", "Elsa.Fault", ("code", Lit("110002")), ("category", Lit("failure")), ("message", Lit("that went south"))),
             Join("FlowJoin1", "WaitAll")],
            [C("A", "C"), C("A", "B"), C("A", "D"), C("D", "FlowDecision1"), C("FlowDecision1", "E", "True"), C("FlowDecision1", "Fault1", "False"),
             C("B", "FlowJoin1"), C("C", "FlowJoin1"), C("E", "FlowJoin1"), C("FlowJoin1", "F")]);
        var instance = await new TestEngine().StartAsync(json);
        CollectionAssert.AreEqual(new[] { "A", "C", "B", "D" }, instance.State.OutputLines);
        Assert.AreEqual(WorkflowStatus.Faulted, instance.Status);
        Assert.AreEqual("that went south", instance.State.Incidents.Single().Message);
        Assert.AreEqual("Fault1", instance.State.Incidents.Single().ActivityId);
    }

    [TestMethod]
    public async Task DecisionBranchesMergingIntoOneEndFinish()
    {
        var json = Flowchart(
            [A("Start1", "Elsa.Start"), A("FlowDecision1", "Elsa.FlowDecision", ("condition", Lit(false, "Boolean"))), A("End1", "Elsa.End").WithMergeMode("None")],
            [C("Start1", "FlowDecision1"), C("FlowDecision1", "End1", "True"), C("FlowDecision1", "End1", "False")]);
        var instance = await new TestEngine().StartAsync(json);
        Assert.AreEqual(WorkflowStatus.Finished, instance.Status);
    }

    [TestMethod]
    public async Task WaitAnyJoinCompletesOnce()
    {
        var engine = new TestEngine();
        var json = Flowchart(
            [A("Start1", "Elsa.Start"), WriteLine("WriteLine1", ""), WriteLine("WriteLine2", ""), Join("FlowJoin1", "WaitAny"), A("End1", "Elsa.End")],
            [C("Start1", "WriteLine1"), C("Start1", "WriteLine2"), C("WriteLine1", "FlowJoin1"), C("WriteLine2", "FlowJoin1"), C("FlowJoin1", "End1")]);
        var instance = await engine.StartAsync(json);
        var journal = await engine.Store.GetJournalAsync(instance.Id);
        Assert.AreEqual(1, journal.Count(e => e.ActivityId == "FlowJoin1" && e.Status == JournalStatus.Completed));
        Assert.AreEqual(WorkflowStatus.Finished, instance.Status);
    }

    [TestMethod]
    [DataRow("WaitAny")]
    [DataRow("WaitAll")]
    [DataRow("WaitAllActive")]
    public async Task JoinInsideALoopRunsEveryRound(string mode)
    {
        var json = Flowchart(
            [A("Start", "Elsa.Start"), WriteLine("A", "A"), WriteLine("B", "B"), WriteLine("C", "C"), WriteLine("D", "D"), Join("Join", mode),
             A("Inc", "Elsa.SetVariable", ("variable", new System.Text.Json.Nodes.JsonObject { ["id"] = "lc", ["name"] = "LoopCount" }), ("value", Js("getLoopCount() + 1"))),
             Decision("Again", "getLoopCount() < 3"), A("End", "Elsa.End")],
            [C("Start", "A"), C("A", "B"), C("A", "C"), C("A", "D"), C("B", "Join"), C("C", "Join"), C("D", "Join"), C("Join", "Inc"), C("Inc", "Again"),
             C("Again", "A", "True"), C("Again", "End", "False")],
            [Variable("lc", "LoopCount", "Int32", "0")]);
        var instance = await new TestEngine().StartAsync(json);
        var round = new[] { "A", "B", "C", "D" };
        CollectionAssert.AreEqual(round.Concat(round).Concat(round).ToArray(), instance.State.OutputLines);
        Assert.AreEqual(WorkflowStatus.Finished, instance.Status);
    }

    [TestMethod]
    [DataRow("WaitAll", false, "A,B,C,D,F")]
    [DataRow("WaitAllActive", false, "A,B,C,D,E,F")]
    [DataRow("WaitAny", false, "A,B,C,D,E,F")]
    [DataRow("WaitAll", true, "A,B,C,E,F")]
    [DataRow("WaitAllActive", true, "A,B,C,E,F")]
    [DataRow("WaitAny", true, "A,B,C,E,F")]
    public async Task JoinModesAgainstADecision(string mode, bool decision, string expected)
    {
        var json = Flowchart(
            [A("Start", "Elsa.Start"), WriteLine("A", "A"), WriteLine("B", "B"), WriteLine("C", "C"), WriteLine("D", "D"), WriteLine("E", "E"), WriteLine("F", "F"),
             A("Decision", "Elsa.FlowDecision", ("condition", Lit(decision, "Boolean"))), Join("Join", mode)],
            [C("Start", "A"), C("Start", "B"), C("Start", "C"), C("A", "Decision"), C("Decision", "Join", "True"), C("Decision", "D", "False"),
             C("B", "Join"), C("C", "Join"), C("D", "F"), C("Join", "E"), C("E", "F")]);
        var instance = await new TestEngine().StartAsync(json);
        Assert.AreEqual(expected, string.Join(",", instance.State.OutputLines));
        Assert.AreEqual(WorkflowStatus.Finished, instance.Status);
    }

    [TestMethod]
    public async Task ImplicitLoopBackToASetVariable()
    {
        var json = Flowchart(
            [WriteLine("Start", "Start"),
             A("Inc", "Elsa.SetVariable", ("variable", new System.Text.Json.Nodes.JsonObject { ["id"] = "c", ["name"] = "Counter" }), ("value", Js("getCounter() + 1"))),
             Decision("Check", "getCounter() > 1"), WriteLine("Retry", "Retry"), WriteLine("End", "End")],
            [C("Start", "Inc"), C("Inc", "Check"), C("Check", "Retry", "False"), C("Retry", "Inc"), C("Check", "End", "True")],
            [Variable("c", "Counter", "Int32", "0")]);
        var instance = await new TestEngine().StartAsync(json);
        CollectionAssert.AreEqual(new[] { "Start", "Retry", "End" }, instance.State.OutputLines);
    }

    [TestMethod]
    public async Task AnInvalidBackwardConnectionFaultsWhenFollowed()
    {
        var json = Flowchart(
            [A("Start", "Elsa.Start"), WriteLine("A", "A"), WriteLine("B", "B"), WriteLine("C", "C"), WriteLine("D", "D"), WriteLine("E", "E")],
            [C("Start", "A"), C("A", "B"), C("B", "C"), C("B", "D"), C("C", "E"), C("D", "E"), C("E", "C")]);
        var instance = await new TestEngine().StartAsync(json);
        CollectionAssert.AreEqual(new[] { "A", "B", "C", "D", "E" }, instance.State.OutputLines);
        Assert.AreEqual(WorkflowStatus.Faulted, instance.Status);
        StringAssert.Contains(instance.State.Incidents.Single().Message, "Invalid backward connection");
    }

    [TestMethod]
    [DataRow("WaitAny")]
    [DataRow("WaitAll")]
    [DataRow("WaitAllActive")]
    public async Task ALoopBackThroughAJoinFedByTwoBranchesOfOnePort(string mode)
    {
        var json = Flowchart(
            [A("Start", "Elsa.Start"),
             A("Switch", "Elsa.FlowDecision", ("condition", Js("getLoopCount() < 3", "Boolean"))),
             WriteLine("A", "A"),
             A("Inc", "Elsa.SetVariable", ("variable", new System.Text.Json.Nodes.JsonObject { ["id"] = "lc", ["name"] = "LoopCount" }), ("value", Js("getLoopCount() + 1"))),
             Join("Join", mode), WriteLine("B", "B"), A("End", "Elsa.End")],
            [C("Start", "Switch"), C("Switch", "A", "True"), C("Switch", "Inc", "True"), C("Switch", "B", "False"), C("B", "End"),
             C("A", "Join"), C("Inc", "Join"), C("Join", "Switch")],
            [Variable("lc", "LoopCount", "Int32", "0")]);
        var instance = await new TestEngine().StartAsync(json);
        CollectionAssert.AreEqual(new[] { "A", "A", "A", "B" }, instance.State.OutputLines);
        Assert.AreEqual(WorkflowStatus.Finished, instance.Status);
    }
}
