using System.Text.Json;
using System.Text.Json.Nodes;
using Agent.Workflows.Descriptors;
using Agent.Workflows.Model;

namespace Agent.Workflows.Tests.Engine;

[TestClass]
public sealed class DescriptorTests
{
    private static readonly ActivityRegistry Registry = new();

    [TestMethod]
    public void EveryElsaBuiltInIsDescribed()
    {
        string[] expected = ["Elsa.Flowchart", "Elsa.Start", "Elsa.End", "Elsa.Finish", "Elsa.WriteLine", "Elsa.SetVariable", "Elsa.FlowDecision",
            "Elsa.FlowSwitch", "Elsa.FlowFork", "Elsa.FlowJoin", "Elsa.Fault", "Elsa.Delay", "Elsa.Event", "Elsa.Cron", "Elsa.Timer"];
        CollectionAssert.IsSubsetOf(expected, Registry.Descriptors.Select(d => d.TypeName).ToArray());
    }

    [TestMethod]
    public void DescriptorsAreDerivedFromTheClassesInElsasShape()
    {
        var json = JsonSerializer.SerializeToNode(Registry.Descriptors, WorkflowJson.Options)!.AsArray();
        JsonNode Find(string type) => json.Single(d => (string?)d!["typeName"] == type)!;

        var decision = Find("Elsa.FlowDecision");
        CollectionAssert.AreEqual(new[] { "True", "False" }, decision["ports"]!.AsArray().Select(p => (string?)p!["name"]).ToArray());
        Assert.AreEqual("Flow", (string?)decision["ports"]![0]!["type"]);
        Assert.AreEqual("Boolean", (string?)decision["inputs"]![0]!["typeName"]);
        Assert.AreEqual("condition", (string?)decision["inputs"]![0]!["name"]);

        var writeLine = Find("Elsa.WriteLine");
        Assert.AreEqual("Elsa", (string?)writeLine["namespace"]);
        Assert.AreEqual("WriteLine", (string?)writeLine["name"]);
        Assert.AreEqual("String", (string?)writeLine["inputs"]![0]!["typeName"]);
        Assert.AreEqual(true, (bool?)writeLine["inputs"]![0]!["isWrapped"]);
        Assert.AreEqual("Done", (string?)writeLine["ports"]![0]!["name"]);

        Assert.AreEqual(false, (bool?)Find("Elsa.SetVariable")["inputs"]!.AsArray().Single(i => (string?)i!["name"] == "variable")!["isWrapped"]);
        Assert.AreEqual(true, (bool?)Find("Elsa.Flowchart")["isContainer"]);
        Assert.AreEqual("Trigger", (string?)Find("Elsa.Event")["kind"]);
        Assert.AreEqual("result", (string?)Find("Elsa.Event")["outputs"]![0]!["name"]);
        Assert.AreEqual(true, (bool?)Find("Elsa.Start")["isStart"]);
        Assert.AreEqual(true, (bool?)Find("Elsa.End")["isTerminal"]);
    }

    [TestMethod]
    public void ATypeNameTakenByAnotherClassIsRejected()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => new ActivityRegistry().Register(typeof(DuplicateWriteLine)));
        StringAssert.Contains(e.Message, "Elsa.WriteLine");
    }
}

[Agent.Workflows.Activities.Activity("Elsa", "Test", "Clashes with the built-in.", Name = "WriteLine")]
public sealed class DuplicateWriteLine : Agent.Workflows.Activities.IActivity
{
    public ValueTask ExecuteAsync(Agent.Workflows.Execution.ActivityExecutionContext context) => ValueTask.CompletedTask;
}
