using System.Text.Json.Nodes;
using Agent.Workflows.Runtime;
using static Agent.Workflows.Tests.Engine.ContainerDef;
using static Agent.Workflows.Tests.Engine.Def;

namespace Agent.Workflows.Tests.Engine;

/// <summary>Definitions whose root is not a flowchart, as Elsa allows, and the workflow-level primitives.</summary>
[TestClass]
public sealed class AnyRootTests
{
    private static string WithRoot(JsonObject root, JsonArray? inputs = null, JsonArray? outputs = null) => new JsonObject
    {
        ["id"] = "r-v1", ["definitionId"] = "r", ["name"] = "r", ["version"] = 1, ["isPublished"] = true,
        ["inputs"] = inputs ?? [], ["outputs"] = outputs ?? [], ["root"] = root,
    }.ToJsonString();

    [TestMethod]
    public async Task ASequenceRootRunsItsActivitiesAndFinishes()
    {
        var instance = await new TestEngine().StartAsync(WithRoot(Container("seq", "Elsa.Sequence", WriteLine("a", "A"), WriteLine("b", "B"))));
        CollectionAssert.AreEqual(new[] { "A", "B" }, instance.State.OutputLines);
        Assert.AreEqual(WorkflowStatus.Finished, instance.Status);
    }

    [TestMethod]
    public async Task ASingleActivityRootRuns()
    {
        var instance = await new TestEngine().StartAsync(WithRoot(WriteLine("only", "Hello")));
        CollectionAssert.AreEqual(new[] { "Hello" }, instance.State.OutputLines);
        Assert.AreEqual(WorkflowStatus.Finished, instance.Status);
    }

    [TestMethod]
    public async Task AnUnknownRootTypeIsReportedAtTheRootsPath()
    {
        var e = await Assert.ThrowsExactlyAsync<Validation.InvalidDefinitionException>(() => new TestEngine().StartAsync(WithRoot(A("x", "Elsa.Nope"))));
        Assert.AreEqual("$.root.type", e.Errors.Single().Path);
    }

    [TestMethod]
    public async Task SetOutputAtTheTopSetsTheInstancesOutput()
    {
        var json = WithRoot(Container("seq", "Elsa.Sequence",
            A("set", "Elsa.SetOutput", ("outputName", Lit("Answer")), ("outputValue", Js("6 * 7")))),
            outputs: [new JsonObject { ["name"] = "Answer", ["type"] = "Object" }]);
        var instance = await new TestEngine().StartAsync(json);
        Assert.AreEqual(42L, instance.State.Output["Answer"]);
    }

    [TestMethod]
    public async Task ADeclaredInputNotGivenReadsAsNullOrItsDefault()
    {
        var json = WithRoot(WriteJs("w", "`${getMessage()}|${getGreeting()}`"),
            inputs: [new JsonObject { ["name"] = "Message", ["type"] = "String" }, new JsonObject { ["name"] = "Greeting", ["type"] = "String", ["defaultValue"] = "hi" }]);
        var instance = await new TestEngine().StartAsync(json);
        CollectionAssert.AreEqual(new[] { "null|hi" }, instance.State.OutputLines);
        instance = await new TestEngine().StartAsync(json, new StartWorkflowOptions { Input = new Dictionary<string, object?> { ["Message"] = "yes" } });
        CollectionAssert.AreEqual(new[] { "yes|hi" }, instance.State.OutputLines);
    }
}
