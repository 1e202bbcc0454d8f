using Agent.Workflows.Execution.Flowchart;
using Agent.Workflows.Model;
using Agent.Workflows.Validation;
using Microsoft.Extensions.DependencyInjection;
using static Agent.Workflows.Tests.Engine.Def;

namespace Agent.Workflows.Tests.Engine;

[TestClass]
public sealed class ValidationTests
{
    private static IReadOnlyList<DefinitionValidationError> Validate(string json) =>
        new TestEngine().Services.GetRequiredService<WorkflowCompiler>().Validate(WorkflowDefinitionReader.Parse(json));

    [TestMethod]
    public void EveryProblemIsListedWithItsJsonPath()
    {
        var json = Flowchart(
            [WriteLine("a", "x"), A("b", "Elsa.NoSuchThing"), WriteLine("a", "dup"), A("d", "Elsa.FlowDecision", ("condition", Js("return (;", "Boolean")))],
            [C("a", "ghost"), C("a", "d", "Nope")]);
        var errors = Validate(json);
        var paths = errors.Select(e => e.Path).ToList();
        CollectionAssert.Contains(paths, "$.root.activities[1].type");
        CollectionAssert.Contains(paths, "$.root.activities[2].id");
        CollectionAssert.Contains(paths, "$.root.activities[3].condition.expression");
        CollectionAssert.Contains(paths, "$.root.connections[0].target.activity");
        CollectionAssert.Contains(paths, "$.root.connections[1].source.port");
        StringAssert.Contains(errors.Single(e => e.Path.EndsWith("[1].type")).Message, "Unknown activity type 'Elsa.NoSuchThing'");
        StringAssert.Contains(errors.Single(e => e.Path.EndsWith("[2].id")).Message, "Duplicate activity id 'a'");
        StringAssert.Contains(errors.Single(e => e.Path.EndsWith("source.port")).Message, "has no port 'Nope'");
        StringAssert.Contains(errors.Single(e => e.Path.EndsWith("condition.expression")).Message, "return (;");
    }

    [TestMethod]
    public void AFlowchartWhereEveryActivityHasAnInboundConnectionHasNoStart()
    {
        var errors = Validate(Flowchart([WriteLine("a", "a"), WriteLine("b", "b")], [C("a", "b"), C("b", "a")]));
        StringAssert.Contains(errors.Single().Message, "No activity to start from");
        Assert.AreEqual("$.root.activities", errors.Single().Path);
    }

    [TestMethod]
    public void ABadVariableDefaultAndABadMergeModeAreReported()
    {
        var json = Flowchart([WriteLine("a", "a").WithMergeMode("Sometimes")], [], [Variable("v", "Count", "Int32", "twelve")]);
        var errors = Validate(json);
        Assert.IsTrue(errors.Any(e => e.Path == "$.variables[0].value" && e.Message.Contains("Int32")), string.Join("\n", errors));
        Assert.IsTrue(errors.Any(e => e.Path == "$.root.activities[0].customProperties.mergeMode" && e.Message.Contains("Sometimes")), string.Join("\n", errors));
    }

    [TestMethod]
    public void TextThatIsNotJsonIsRejectedWithItsPosition()
    {
        var e = Assert.ThrowsExactly<InvalidDefinitionException>(() => WorkflowDefinitionReader.Parse("{ \"definitionId\": \"x\", \n  \"root\": [ oops", "broken.json"));
        StringAssert.Contains(e.Message, "broken.json");
        StringAssert.Contains(e.Message, "line 2");
    }

    [TestMethod]
    public async Task StartingAnInvalidDefinitionStoresNothing()
    {
        var engine = new TestEngine();
        var json = Flowchart([A("b", "Elsa.NoSuchThing")], []);
        await Assert.ThrowsExactlyAsync<InvalidDefinitionException>(() => engine.StartAsync(json));
        Assert.AreEqual(0, await engine.Store.CountAsync(new Agent.Workflows.Persistence.InstanceQuery()));
    }

    [TestMethod]
    public void UnknownPropertiesSurviveARoundTrip()
    {
        var json = """
        { "id": "x-1", "definitionId": "x", "version": 3, "tenantId": "t1", "usableAsActivity": true, "customProperties": { "k": 1 },
          "root": { "type": "Elsa.Flowchart", "id": "root", "variables": [], "someFutureField": { "a": [1, 2] },
            "activities": [ { "id": "a", "type": "Elsa.WriteLine", "canStartWorkflow": false, "metadata": { "designer": { "position": { "x": 10, "y": 20 }, "size": { "width": 100, "height": 50 } } },
                              "text": { "typeName": "String", "expression": { "type": "Literal", "value": "hi" } } } ],
            "connections": [ { "source": { "activity": "a", "port": "Done" }, "target": { "activity": "a", "port": "In" }, "vertices": [ { "x": 1, "y": 2 } ] } ] } }
        """;
        var back = System.Text.Json.Nodes.JsonNode.Parse(WorkflowDefinitionReader.Write(WorkflowDefinitionReader.Parse(json)))!;
        Assert.AreEqual("t1", (string?)back["tenantId"]);
        Assert.AreEqual(true, (bool?)back["usableAsActivity"]);
        Assert.AreEqual(2, back["root"]!["someFutureField"]!["a"]!.AsArray().Count);
        var activity = back["root"]!["activities"]![0]!;
        Assert.AreEqual(false, (bool?)activity["canStartWorkflow"]);
        Assert.AreEqual("hi", (string?)activity["text"]!["expression"]!["value"]);
        Assert.AreEqual(100, (int?)activity["metadata"]!["designer"]!["size"]!["width"]);
        Assert.AreEqual(1, back["root"]!["connections"]![0]!["vertices"]!.AsArray().Count);
        Assert.IsNull(activity["text"]!["expression"]!["text"]);
    }

    [TestMethod]
    public void ABadLiteralCronExpressionIsReportedAtValidation()
    {
        var good = Validate(Flowchart([A("cron", "Elsa.Cron", ("cronExpression", Lit("0 0 * * * *"))), WriteLine("w", "tick")], [C("cron", "w")]));
        Assert.AreEqual(0, good.Count, string.Join("\n", good));
        var bad = Validate(Flowchart([A("cron", "Elsa.Cron", ("cronExpression", Lit("BadCronExpression"))), WriteLine("w", "tick")], [C("cron", "w")]));
        Assert.AreEqual("$.root.activities[0].cronExpression", bad.Single().Path);
        StringAssert.Contains(bad.Single().Message, "BadCronExpression");
    }
}
