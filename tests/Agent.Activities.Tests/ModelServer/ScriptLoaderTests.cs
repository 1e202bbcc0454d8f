using Agent.ModelServer.Scripts;

namespace Agent.Activities.Tests.ModelServer;

[TestClass]
public sealed class ScriptLoaderTests
{
    [TestMethod]
    [DataRow("hello.json")]
    [DataRow("write-file.json")]
    [DataRow("faults-429.json")]
    public async Task The_example_scripts_load(string file)
    {
        var script = await ScriptLoader.LoadFileAsync(Path.Combine(AppContext.BaseDirectory, "Scripts", file), TestContext.CancellationToken);

        Assert.AreEqual(Path.GetFileNameWithoutExtension(file), script.Name);
        Assert.IsNotEmpty(script.Rules);
    }

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow("""{ "rules": [] }""", "no rules")]
    [DataRow("""{ "rules": [ { "match": { "promptContain": "x" }, "respond": { "text": "x" } } ] }""", "promptContain")]
    [DataRow("""{ "rules": [ { "match": { "turn": 1 } } ] }""", "neither 'respond' nor 'fault'")]
    [DataRow("""{ "rules": [ { "respond": { "text": "x" }, "times": 0 } ] }""", "'times' must be at least 1")]
    [DataRow("""{ "latencyMs": -1, "rules": [ { "respond": { "text": "x" } } ] }""", "'latencyMs' must not be negative")]
    [DataRow("""{ "rules": [ { "respond": { "text": "x" }, "latencyMs": -5 } ] }""", "'latencyMs' must not be negative")]
    [DataRow("""{ "rules": [ { "fault": { "status": 200 } } ] }""", "not an HTTP error")]
    [DataRow("""{ "rules": [ { "fault": { "status": 500, "dropConnection": true } } ] }""", "one kind")]
    [DataRow("""{ "rules": [ { "fault": { "status": 500 }, "respond": { "text": "x" } } ] }""", "only a 'stallMs' fault")]
    [DataRow("""{ "rules": [ { "fault": { } } ] }""", "the fault is empty")]
    [DataRow("""{ "rules": [ { "respond": { "toolUse": [ { "name": "Write", "input": [1] } ] } } ] }""", "must be an object")]
    [DataRow("""{ "rules": [ """, "not a valid script")]
    public void Bad_scripts_are_rejected_with_a_reason(string json, string reason)
    {
        var error = Assert.Throws<ModelScriptException>(() => ScriptLoader.Parse(json, "test.json"));

        Assert.Contains(reason, error.Message);
        Assert.StartsWith("test.json", error.Message);
    }

    [TestMethod]
    public void A_stall_may_precede_a_response()
    {
        var script = ScriptLoader.Parse("""{ "rules": [ { "fault": { "stallMs": 10 }, "respond": { "text": "late" } } ] }""");

        Assert.AreEqual(10, script.Rules[0].Fault!.StallMs);
    }
}
