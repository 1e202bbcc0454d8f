using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Agent.Server.Tests.Api;

/// <summary>
/// Elsa's container activities through the API the Studio uses: their descriptors (embedded ports, container flag,
/// toolbox visibility, editors), a definition with a ForEach whose body is a nested flowchart stored and served back
/// unchanged, the graph endpoints that locate a body's activities, and the journal of a run with one execution per
/// iteration under the body activities' node ids.
/// </summary>
[TestClass]
public sealed class ContainerActivitiesApiTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task Descriptors_describe_container_loop_and_branching_activities_as_elsa_does()
    {
        await using var server = await StudioServer.StartAsync(Token);
        using var api = server.Api();
        var all = (await (await api.GetAsync("descriptors/activities?Refresh=True", Token)).JsonAsync()).Items()
            .ToDictionary(d => d.GetProperty("typeName").GetString()!);

        // Type, category, toolbox visibility, Elsa's container flag (holds a list of activities), embedded ports, terminal.
        var expected = new (string Type, string Category, bool Browsable, bool Container, string[] Embedded, bool Terminal)[]
        {
            ("Elsa.FlowNode", "Flow", true, false, ["Body"], false),
            ("Elsa.ForEach", "Looping", true, false, ["Body"], false),
            ("Elsa.ParallelForEach", "Looping", true, false, ["Body"], false),
            ("Elsa.For", "Looping", true, false, ["Body"], false),
            ("Elsa.While", "Looping", true, false, ["Body"], false),
            ("Elsa.Break", "Looping", true, false, [], true),
            ("Elsa.If", "Branching", true, false, ["Then", "Else"], false),
            ("Elsa.Switch", "Branching", true, false, ["Default"], false),
            ("Elsa.Complete", "Composition", true, false, [], true),
            ("Elsa.Correlate", "Primitives", true, false, [], false),
            ("Elsa.SetName", "Primitives", true, false, [], false),
            ("Elsa.Sequence", "Workflows", false, true, [], false),
            ("Elsa.Parallel", "Workflows", false, true, [], false),
            ("Elsa.Flowchart", "Flow", false, true, [], false),
        };
        foreach (var (type, category, browsable, container, embedded, terminal) in expected)
        {
            Assert.IsTrue(all.TryGetValue(type, out var d), $"{type} is described");
            Assert.AreEqual(category, d.GetProperty("category").GetString(), $"{type}'s toolbox category");
            Assert.AreEqual(browsable, d.GetProperty("isBrowsable").GetBoolean(), $"{type} is {(browsable ? "" : "not ")}in the toolbox");
            Assert.AreEqual(container, d.GetProperty("isContainer").GetBoolean(), $"{type}'s isContainer");
            Assert.AreEqual(terminal, d.GetProperty("isTerminal").GetBoolean(), $"{type}'s isTerminal");
            var ports = d.GetProperty("ports").EnumerateArray().ToList();
            CollectionAssert.AreEqual(embedded, ports.Select(p => p.GetProperty("name").GetString()).ToArray(),
                $"{type} lists its embedded ports and no flow port (the Studio draws Done itself)");
            Assert.IsTrue(ports.All(p => p.GetProperty("type").GetString() == "Embedded" && p.GetProperty("isBrowsable").GetBoolean()), $"{type}'s ports are browsable embedded ports");
        }
        Assert.AreEqual("Container", all["Elsa.FlowNode"].GetProperty("displayName").GetString());
        Assert.AreEqual("For Each", all["Elsa.ForEach"].GetProperty("displayName").GetString());

        // Ports an activity declares stay flow ports.
        var decision = all["Elsa.FlowDecision"].GetProperty("ports").EnumerateArray().ToList();
        CollectionAssert.AreEqual(new[] { "True", "False" }, decision.Select(p => p.GetProperty("name").GetString()).ToArray());
        Assert.IsTrue(decision.All(p => p.GetProperty("type").GetString() == "Flow"));

        // The property panel's editors and value types.
        var switchInputs = Inputs(all["Elsa.Switch"]);
        Assert.AreEqual("switch-editor", switchInputs["cases"].GetProperty("uiHint").GetString());
        Assert.IsFalse(switchInputs["cases"].GetProperty("isWrapped").GetBoolean(), "cases are stored as the list itself");
        Assert.AreEqual("dropdown", switchInputs["mode"].GetProperty("uiHint").GetString());
        CollectionAssert.AreEqual(new[] { "MatchFirst", "MatchAny" },
            switchInputs["mode"].GetProperty("options").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("value").GetString()).ToArray());
        Assert.AreEqual("outcome-picker", Inputs(all["Elsa.Complete"])["outcomes"].GetProperty("uiHint").GetString());
        Assert.AreEqual("singleline", Inputs(all["Elsa.If"])["condition"].GetProperty("uiHint").GetString());
        Assert.AreEqual("Boolean", Inputs(all["Elsa.While"])["condition"].GetProperty("typeName").GetString());
        Assert.AreEqual("JavaScript", Inputs(all["Elsa.ForEach"])["items"].GetProperty("defaultSyntax").GetString());
        CollectionAssert.AreEquivalent(new[] { "start", "end", "step", "outerBoundInclusive" }, Inputs(all["Elsa.For"]).Keys.ToList());
        Assert.AreEqual("currentValue", all["Elsa.ForEach"].GetProperty("outputs").EnumerateArray().Single().GetProperty("name").GetString());
    }

    [TestMethod]
    public async Task A_foreach_with_a_nested_flowchart_body_is_stored_served_back_unchanged_published_and_located()
    {
        await using var server = await StudioServer.StartAsync(Token);
        using var api = server.Api();
        var model = JsonNode.Parse(await File.ReadAllTextAsync(StudioServer.Fixture("foreach-nested-flowchart.json"), Token))!.AsObject();

        var saved = await (await api.PostAsync("workflow-definitions", StudioServer.Json(new JsonObject { ["model"] = model.DeepClone() }.ToJsonString()), Token)).JsonAsync();
        var versionId = saved.GetProperty("workflowDefinition").GetProperty("id").GetString()!;
        var read = await (await api.GetAsync("workflow-definitions/by-definition-id/fruit-loop?versionOptions=Latest", Token)).JsonAsync();
        Assert.IsTrue(JsonNode.DeepEquals(model["root"], JsonNode.Parse(read.GetProperty("root").GetRawText())),
            $"the root comes back as the Studio sent it, body included:\n{read.GetProperty("root").GetRawText()}");

        // Saved again unchanged (the Studio's auto-save) and published: still the same.
        var resaved = JsonNode.Parse(read.GetRawText())!.AsObject();
        var published = (await (await api.PostAsync("workflow-definitions", StudioServer.Json(new JsonObject { ["model"] = resaved, ["publish"] = true }.ToJsonString()), Token)).JsonAsync())
            .GetProperty("workflowDefinition");
        Assert.IsTrue(published.GetProperty("isPublished").GetBoolean());
        Assert.IsTrue(JsonNode.DeepEquals(model["root"], JsonNode.Parse(published.GetProperty("root").GetRawText())), "publishing changes nothing in the body");

        // The graph endpoints find the body's activities: the path opens the ForEach's Body port.
        var segments = await (await api.GetAsync($"workflow-definitions/subgraph/segments/{versionId}?childNodeId=root:loop:body:fruit", Token)).JsonAsync();
        Assert.AreEqual("root:loop:body:fruit", segments.GetProperty("childNode").GetProperty("nodeId").GetString());
        Assert.AreEqual("Activities", segments.GetProperty("childNode").GetProperty("port").GetString(), "a body activity hangs off its flowchart's activities");
        var path = segments.GetProperty("pathSegments").EnumerateArray().Single();
        Assert.AreEqual("root:loop", path.GetProperty("activityNodeId").GetString());
        Assert.AreEqual("Elsa.ForEach", path.GetProperty("activityType").GetString());
        Assert.AreEqual("Body", path.GetProperty("portName").GetString());
        Assert.AreEqual("loop", segments.GetProperty("container").GetProperty("activity").GetProperty("id").GetString());
        var subgraph = await (await api.GetAsync($"workflow-definitions/subgraph/{versionId}?parentNodeId=root:loop", Token)).JsonAsync();
        Assert.AreEqual("body", subgraph.GetProperty("activity").GetProperty("body").GetProperty("id").GetString());
        await (await api.GetAsync($"workflow-definitions/subgraph/segments/{versionId}?childNodeId=root:nope", Token)).ProblemAsync(HttpStatusCode.BadRequest);
        await (await api.GetAsync("workflow-definitions/subgraph/no-such-version", Token)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [TestMethod]
    public async Task A_run_journals_each_iteration_of_a_body_activity_under_its_node_id()
    {
        await using var server = await StudioServer.StartAsync(Token);
        using var api = server.Api();
        var model = JsonNode.Parse(await File.ReadAllTextAsync(StudioServer.Fixture("foreach-nested-flowchart.json"), Token))!.AsObject();
        await (await api.PostAsync("workflow-definitions", StudioServer.Json(new JsonObject { ["model"] = model, ["publish"] = true }.ToJsonString()), Token)).JsonAsync();

        var execute = await api.PostAsync("workflow-definitions/fruit-loop/execute", StudioServer.Json("{}"), Token);
        var state = (await execute.JsonAsync()).GetProperty("workflowState");
        Assert.AreEqual("Finished", state.GetProperty("subStatus").GetString());
        var id = execute.Headers.GetValues("x-elsa-workflow-instance-id").Single();
        CollectionAssert.AreEqual(new[] { "Current fruit: Apple", "next", "Current fruit: Banana", "next", "Current fruit: Cherry", "next", "All fruit seen" },
            state.GetProperty("properties").GetProperty("outputLines").EnumerateArray().Select(l => l.GetString()).ToArray());

        var journal = (await (await api.PostAsync($"workflow-instances/{id}/journal", StudioServer.Json("{}"), Token)).JsonAsync()).Items().ToList();
        var fruitCompleted = journal.Where(r => r.GetProperty("nodeId").GetString() == "root:loop:body:fruit" && r.GetProperty("eventName").GetString() == "Completed").ToList();
        Assert.AreEqual(3, fruitCompleted.Count, "one journal entry per iteration, under the body activity's node id");
        Assert.AreEqual(3, fruitCompleted.Select(r => r.GetProperty("activityInstanceId").GetString()).Distinct().Count(), "each iteration is its own execution");

        var report = await (await api.PostAsync("activity-executions/report", StudioServer.Json(new { workflowInstanceId = id, activityNodeIds = new[] { "root:loop:body:fruit", "root:loop:body:after-fruit", "root:done" } }), Token)).JsonAsync();
        var stats = report.GetProperty("stats").EnumerateArray().ToDictionary(s => s.GetProperty("activityNodeId").GetString()!, s => s.GetProperty("completedCount").GetInt64());
        Assert.AreEqual(3, stats["root:loop:body:fruit"]);
        Assert.AreEqual(3, stats["root:loop:body:after-fruit"]);
        Assert.AreEqual(1, stats["root:done"]);

        var executions = (await (await api.GetAsync($"activity-executions/list?workflowInstanceId={id}&activityNodeId=root:loop:body:fruit", Token)).JsonAsync()).Items().ToList();
        Assert.AreEqual(3, executions.Count);
        Assert.IsTrue(executions.All(e => e.GetProperty("activityId").GetString() == "fruit" && e.GetProperty("status").GetString() == "Completed"));
    }

    [TestMethod]
    public async Task Bookmarks_inside_a_loop_body_name_the_body_activitys_node_id()
    {
        await using var server = await StudioServer.StartAsync(Token);
        using var api = server.Api();
        // The fixture with its body's second activity waiting for an event, in a ParallelForEach: three waits at once.
        var model = JsonNode.Parse(await File.ReadAllTextAsync(StudioServer.Fixture("foreach-nested-flowchart.json"), Token))!.AsObject();
        var loop = model["root"]!["activities"]![1]!.AsObject();
        loop["type"] = "Elsa.ParallelForEach";
        var wait = loop["body"]!["activities"]![1]!.AsObject();
        wait["type"] = "Elsa.Event";
        wait.Remove("text");
        wait["eventName"] = new JsonObject { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = "go" } };
        await (await api.PostAsync("workflow-definitions", StudioServer.Json(new JsonObject { ["model"] = model, ["publish"] = true }.ToJsonString()), Token)).JsonAsync();

        var id = (await api.PostAsync("workflow-definitions/fruit-loop/execute", StudioServer.Json("{}"), Token)).Headers.GetValues("x-elsa-workflow-instance-id").Single();
        var instance = await (await api.GetAsync($"workflow-instances/{id}", Token)).JsonAsync();
        Assert.AreEqual("Suspended", instance.GetProperty("subStatus").GetString());
        var bookmarks = instance.GetProperty("workflowState").GetProperty("bookmarks").EnumerateArray().ToList();
        Assert.AreEqual(3, bookmarks.Count, "one bookmark per iteration");
        Assert.IsTrue(bookmarks.All(b => b.GetProperty("activityId").GetString() == "after-fruit" && b.GetProperty("activityNodeId").GetString() == "root:loop:body:after-fruit"),
            "bookmarks name the waiting body activity by its node id, so the instance viewer finds it");
        var report = await (await api.PostAsync("activity-executions/report", StudioServer.Json(new { workflowInstanceId = id, activityNodeIds = new[] { "root:loop:body:after-fruit" } }), Token)).JsonAsync();
        Assert.IsTrue(report.GetProperty("stats").EnumerateArray().Single().GetProperty("isBlocked").GetBoolean(), "the designer marks the waiting body activity as blocked");
    }

    [TestMethod]
    public async Task If_branches_and_switch_cases_as_the_studio_writes_them_round_trip_and_get_node_ids()
    {
        await using var server = await StudioServer.StartAsync(Token);
        using var api = server.Api();
        var root = JsonNode.Parse("""
            { "id": "root", "nodeId": "root", "type": "Elsa.Flowchart", "version": 1, "name": "Flowchart1", "customProperties": {}, "metadata": {},
              "activities": [
                { "id": "if", "nodeId": "root:if", "type": "Elsa.If", "version": 1, "name": "If1", "customProperties": {}, "metadata": {},
                  "condition": { "typeName": "Boolean", "expression": { "type": "JavaScript", "value": "1 < 2" } },
                  "then": { "id": "yes", "nodeId": "root:if:yes", "type": "Elsa.WriteLine", "version": 1, "customProperties": {}, "metadata": {},
                            "text": { "typeName": "String", "expression": { "type": "Literal", "value": "then" } } },
                  "else": null },
                { "id": "switch", "nodeId": "root:switch", "type": "Elsa.Switch", "version": 1, "name": "Switch1", "customProperties": {}, "metadata": {},
                  "mode": { "typeName": "SwitchMode", "expression": { "type": "Literal", "value": "MatchAny" } },
                  "cases": [ { "label": "Small", "condition": { "type": "JavaScript", "value": "true" },
                               "activity": { "id": "small", "nodeId": "root:switch:small", "type": "Elsa.Flowchart", "version": 1, "name": "Flowchart1",
                                             "customProperties": {}, "metadata": {}, "activities": [], "connections": [] } } ],
                  "default": { "id": "other", "type": "Elsa.WriteLine", "version": 1, "customProperties": {}, "metadata": {} } } ],
              "connections": [ { "source": { "activity": "if", "port": "Done" }, "target": { "activity": "switch", "port": "In" } } ] }
            """)!.AsObject();
        var model = new JsonObject { ["definitionId"] = "branches", ["name"] = "Branches", ["root"] = root.DeepClone() };
        var saved = (await (await api.PostAsync("workflow-definitions", StudioServer.Json(new JsonObject { ["model"] = model }.ToJsonString()), Token)).JsonAsync())
            .GetProperty("workflowDefinition").GetProperty("root");
        var served = JsonNode.Parse(saved.GetRawText())!.AsObject();
        Assert.AreEqual("root:switch:other", served["activities"]![1]!["default"]!["nodeId"]!.GetValue<string>(), "a missing node id is filled in below its container");
        served["activities"]![1]!["default"]!.AsObject().Remove("nodeId");
        Assert.IsTrue(JsonNode.DeepEquals(root, served), $"branches and cases come back as sent:\n{served.ToJsonString()}");

        // The Studio also offers a state machine for a branch; the engine has none, so the save is refused and nothing changes.
        var stateMachine = root.DeepClone().AsObject();
        stateMachine["activities"]![0]!["else"] = new JsonObject { ["id"] = "states", ["type"] = "Elsa.StateMachine", ["version"] = 1, ["states"] = new JsonArray(), ["transitions"] = new JsonArray() };
        var refused = await api.PostAsync("workflow-definitions", StudioServer.Json(new JsonObject { ["model"] = new JsonObject { ["definitionId"] = "branches", ["root"] = stateMachine } }.ToJsonString()), Token);
        StringAssert.Contains(await refused.ProblemAsync(HttpStatusCode.BadRequest), "Elsa.StateMachine");
        var stored = await (await api.GetAsync("workflow-definitions/by-definition-id/branches?versionOptions=Latest", Token)).JsonAsync();
        Assert.IsTrue(JsonNode.DeepEquals(served["activities"]![0], JsonNode.Parse(stored.GetProperty("root").GetProperty("activities")[0].GetRawText())), "the stored version is unchanged");
    }

    [TestMethod]
    public async Task A_published_workflow_usable_as_an_activity_is_in_the_toolbox_until_it_is_retracted()
    {
        await using var server = await StudioServer.StartAsync(Token);
        using var api = server.Api();
        async Task<Dictionary<string, JsonElement>> DescriptorsAsync() =>
            (await (await api.GetAsync("descriptors/activities", Token)).JsonAsync()).Items().ToDictionary(d => d.GetProperty("typeName").GetString()!);
        Assert.IsFalse((await DescriptorsAsync()).ContainsKey("GreetSomeone"), "the descriptor list is read before the workflow exists");

        var model = JsonNode.Parse("""
            { "definitionId": "greet", "name": "Greet someone", "description": "Says hello.",
              "inputs": [ { "name": "who", "type": "String", "displayName": "Who" } ], "outputs": [ { "name": "greeting", "type": "String" } ],
              "outcomes": [ "Greeted" ], "options": { "usableAsActivity": true, "activityCategory": "People" },
              "root": { "id": "root", "type": "Elsa.Flowchart", "activities": [], "connections": [] } }
            """)!;
        var published = (await (await api.PostAsync("workflow-definitions", StudioServer.Json(new JsonObject { ["model"] = model, ["publish"] = true }.ToJsonString()), Token)).JsonAsync())
            .GetProperty("workflowDefinition");

        var greet = (await DescriptorsAsync())["GreetSomeone"];
        Assert.AreEqual("People", greet.GetProperty("category").GetString());
        Assert.AreEqual("Greet someone", greet.GetProperty("displayName").GetString());
        Assert.IsTrue(greet.GetProperty("isBrowsable").GetBoolean());
        var ports = greet.GetProperty("ports").EnumerateArray().Select(p => (Name: p.GetProperty("name").GetString(), Type: p.GetProperty("type").GetString(), Browsable: p.GetProperty("isBrowsable").GetBoolean())).ToList();
        CollectionAssert.AreEqual(new[] { ("Root", "Embedded", false), ("Greeted", "Flow", true) }, ports.ToArray(), "a hidden Root port, then the workflow's outcomes");
        Assert.AreEqual("who", Inputs(greet).Single().Key);
        Assert.AreEqual("greeting", greet.GetProperty("outputs").EnumerateArray().Single().GetProperty("name").GetString());
        var construction = greet.GetProperty("constructionProperties");
        Assert.AreEqual("greet", construction.GetProperty("WorkflowDefinitionId").GetString(), "a node dropped from the toolbox names the workflow");
        Assert.AreEqual(published.GetProperty("id").GetString(), construction.GetProperty("WorkflowDefinitionVersionId").GetString());
        Assert.AreEqual("greet", greet.GetProperty("customProperties").GetProperty("WorkflowDefinitionId").GetString());

        await (await api.PostAsync("workflow-definitions/greet/retract", null, Token)).JsonAsync();
        Assert.IsFalse((await DescriptorsAsync()).ContainsKey("GreetSomeone"), "a retracted workflow leaves the toolbox");
    }

    private static Dictionary<string, JsonElement> Inputs(JsonElement descriptor) =>
        descriptor.GetProperty("inputs").EnumerateArray().ToDictionary(i => i.GetProperty("name").GetString()!);
}
