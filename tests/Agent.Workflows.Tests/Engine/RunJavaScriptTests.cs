using System.Text.Json.Nodes;
using Agent.Workflows.Runtime;
using static Agent.Workflows.Tests.Engine.ContainerDef;
using static Agent.Workflows.Tests.Engine.Def;

namespace Agent.Workflows.Tests.Engine;

/// <summary>Elsa's <c>RunJavaScript</c>: the script's value as output, setOutcome choosing the port.</summary>
[TestClass]
public sealed class RunJavaScriptTests
{
    [TestMethod]
    public async Task TheScriptsLastValueIsTheResultAndCanBeCapturedIntoAVariable()
    {
        var run = A("js", "Elsa.RunJavaScript", ("script", Lit("var x = getA() * 2; x + 1")));
        run["result"] = new JsonObject { ["typeName"] = "Object", ["memoryReference"] = new JsonObject { ["id"] = "v-r" } };
        var json = Flowchart([run, WriteJs("w", "`${getR()}`")], [C("js", "w")], [Variable("v-a", "A", "Int32", "20"), Variable("v-r", "R", "Object", null)]);
        var instance = await new TestEngine().StartAsync(json);
        CollectionAssert.AreEqual(new[] { "41" }, instance.State.OutputLines);
    }

    [TestMethod]
    [DataRow("setOutcome('Yes')", "yes")]
    [DataRow("setOutcomes(['No'])", "no")]
    [DataRow("1", "done")]
    public async Task SetOutcomeChoosesThePort(string script, string expected)
    {
        var json = Flowchart(
            [A("js", "Elsa.RunJavaScript", ("script", Lit(script)), ("possibleOutcomes", Lit(new[] { "Yes", "No" }, "List<String>"))),
             WriteLine("yes", "yes"), WriteLine("no", "no"), WriteLine("done", "done")],
            [C("js", "yes", "Yes"), C("js", "no", "No"), C("js", "done")]);
        var instance = await new TestEngine().StartAsync(json);
        CollectionAssert.AreEqual(new[] { expected }, instance.State.OutputLines);
    }

    [TestMethod]
    public async Task AConnectionFromAnUndeclaredOutcomeIsRefused()
    {
        var json = Flowchart([A("js", "Elsa.RunJavaScript", ("script", Lit("1"))), WriteLine("w", "w")], [C("js", "w", "Maybe")]);
        var e = await Assert.ThrowsExactlyAsync<Validation.InvalidDefinitionException>(() => new TestEngine().StartAsync(json));
        Assert.AreEqual("$.root.connections[0].source.port", e.Errors.Single().Path);
    }

    [TestMethod]
    public async Task AScriptErrorFaultsTheInstanceWithTheScriptsMessage()
    {
        var instance = await new TestEngine().StartAsync(Flowchart([A("js", "Elsa.RunJavaScript", ("script", Lit("throw new Error('nope')")))], []));
        Assert.AreEqual(WorkflowStatus.Faulted, instance.Status);
        StringAssert.Contains(instance.State.Incidents.Single().Message, "nope");
    }
}
