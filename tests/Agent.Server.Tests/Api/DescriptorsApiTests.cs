using System.Net;
using System.Text.Json;

namespace Agent.Server.Tests.Api;

/// <summary>The descriptor lists the designer needs before it draws anything.</summary>
[TestClass]
public sealed class DescriptorsApiTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task Activity_descriptors_hold_every_registered_activity_with_our_custom_ones_in_their_category()
    {
        await using var server = await StudioServer.StartAsync(Token);
        using var api = server.Api();
        var response = await (await api.GetAsync("descriptors/activities?Refresh=True", Token)).JsonAsync();
        var all = response.Items().ToDictionary(d => d.GetProperty("typeName").GetString()!);
        Assert.AreEqual(all.Count, response.GetProperty("count").GetInt32());

        var registry = server.Services.GetService(typeof(Agent.Workflows.Descriptors.ActivityRegistry)) as Agent.Workflows.Descriptors.ActivityRegistry;
        CollectionAssert.AreEquivalent(registry!.TypeNames.ToList(), all.Keys.ToList(), "every registered activity is described");
        Assert.IsTrue(all["Elsa.Flowchart"].GetProperty("isContainer").GetBoolean());

        var claude = all["Agent.ClaudeExecute"];
        Assert.AreEqual("Claude", claude.GetProperty("category").GetString());
        Assert.AreEqual("Action", claude.GetProperty("kind").GetString());
        CollectionAssert.IsSubsetOf(new[] { "Done", "Failed" }, claude.GetProperty("ports").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList());
        var inputs = claude.GetProperty("inputs").EnumerateArray().ToDictionary(i => i.GetProperty("name").GetString()!);
        Assert.AreEqual("multiline", inputs["prompt"].GetProperty("uiHint").GetString(), "Elsa's UI hints are lower-case");
        Assert.AreEqual("dropdown", inputs["mode"].GetProperty("uiHint").GetString());
        registry.TryGet("Agent.ClaudeExecute", out var claudeType);
        var modes = (string[])claudeType.Inputs.Single(i => i.Name == "mode").Options!;
        CollectionAssert.IsSubsetOf(new[] { "simple", "parallel" }, modes);
        CollectionAssert.AreEqual(modes,
            inputs["mode"].GetProperty("options").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("value").GetString()).ToArray(),
            "a drop-down's options are {items: [{text, value}]}");
        Assert.AreEqual("Primitives", all["Elsa.WriteLine"].GetProperty("category").GetString());
    }

    [TestMethod]
    public async Task The_other_descriptor_lists_and_probes_answer_in_elsas_shapes()
    {
        await using var server = await StudioServer.StartAsync(Token);
        using var api = server.Api();
        async Task<JsonElement> Get(string path) => await (await api.GetAsync(path, Token)).JsonAsync();

        var expressions = (await Get("descriptors/expression-descriptors")).Items().Select(e => e.GetProperty("type").GetString()).ToList();
        CollectionAssert.IsSubsetOf(new[] { "Literal", "JavaScript", "Variable", "Object" }, expressions);
        CollectionAssert.Contains((await Get("descriptors/variables")).Items().Select(v => v.GetProperty("typeName").GetString()).ToList(), "String");
        Assert.IsTrue((await Get("descriptors/storage-drivers")).Items().Any());
        Assert.AreEqual("Always", (await Get("descriptors/workflow-activation-strategies")).Items().Single().GetProperty("displayName").GetString());
        Assert.AreEqual(1, (await Get("descriptors/log-persistence-strategies")).GetProperty("count").GetInt64());
        Assert.AreEqual(1, (await Get("descriptors/incident-strategies")).GetProperty("count").GetInt64());
        Assert.AreEqual(0, (await Get("descriptors/commit-strategies/workflows")).GetProperty("count").GetInt64());
        Assert.AreEqual(0, (await Get("descriptors/commit-strategies/activities")).GetProperty("count").GetInt64());
        CollectionAssert.Contains((await Get("features/installed")).Items().Select(f => f.GetProperty("name").GetString()).ToList(), "WorkflowManagement");
        Assert.IsFalse(string.IsNullOrEmpty((await Get("package/version")).GetProperty("packageVersion").GetString()));

        var options = await (await api.PostAsync("descriptors/activities/Agent.ClaudeExecute/options/mode", StudioServer.Json("{}"), Token)).JsonAsync();
        var values = options.GetProperty("items").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("value").GetString()).ToList();
        CollectionAssert.IsSubsetOf(new[] { "simple", "parallel" }, values);
        await (await api.PostAsync("descriptors/activities/Agent.Nope/options/mode", StudioServer.Json("{}"), Token)).ProblemAsync(HttpStatusCode.NotFound);
        await (await api.PostAsync("descriptors/activities/Agent.ClaudeExecute/options/nope", StudioServer.Json("{}"), Token)).ProblemAsync(HttpStatusCode.NotFound);
        StringAssert.Contains(await (await api.GetAsync("no-such-endpoint", Token)).ProblemAsync(HttpStatusCode.NotFound), "not part of this server");
    }
}
