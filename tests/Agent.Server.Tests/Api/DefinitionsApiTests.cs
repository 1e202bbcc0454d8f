using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Agent.Workflows.Persistence;

namespace Agent.Server.Tests.Api;

/// <summary>The <c>/workflow-definitions</c> endpoints as the Studio calls them, including bad input that must change nothing.</summary>
[TestClass]
public sealed class DefinitionsApiTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationToken;

    [TestMethod]
    public async Task List_pages_searches_and_carries_the_links_that_make_the_studio_editable()
    {
        await using var server = await StudioServer.StartAsync(Token);
        for (var i = 0; i < 12; i++) await server.Definitions.SaveDraftAsync(Definition($"bulk-{i:00}", $"Bulk {i:00}"), Token);
        using var api = server.Api();

        var page = await (await api.GetAsync("workflow-definitions?versionOptions=Latest&Page=1&PageSize=5&SearchTerm=&IsSystem=False&OrderDirection=Ascending", Token)).JsonAsync();
        Assert.AreEqual(13, page.GetProperty("totalCount").GetInt64());
        Assert.AreEqual(5, page.Items().Count());
        Assert.AreEqual("bulk-05", page.Items().First().GetProperty("definitionId").GetString(), "page 1 of 5 starts at the 6th by name");
        Assert.IsTrue(page.GetProperty("links").EnumerateArray().Any(l => l.GetProperty("rel").GetString() == "bulk-publish"));

        var search = await (await api.GetAsync("workflow-definitions?versionOptions=Latest&SearchTerm=improvement", Token)).JsonAsync();
        var cycle = search.Items().Single();
        Assert.AreEqual(StudioServer.CycleId, cycle.GetProperty("definitionId").GetString());
        Assert.AreEqual("Json", cycle.GetProperty("materializerName").GetString());
        Assert.IsTrue(cycle.GetProperty("isPublished").GetBoolean());

        var all = await (await api.GetAsync($"workflow-definitions?versionOptions=AllVersions&DefinitionIds={StudioServer.CycleId}", Token)).JsonAsync();
        Assert.AreEqual(1, all.GetProperty("totalCount").GetInt64());
        var byVersionId = await (await api.GetAsync($"workflow-definitions?Ids={cycle.GetProperty("id").GetString()}", Token)).JsonAsync();
        Assert.AreEqual(StudioServer.CycleId, byVersionId.Items().Single().GetProperty("definitionId").GetString());

        Assert.AreEqual(13, (await (await api.GetAsync("workflow-definitions/query/count", Token)).JsonAsync()).GetProperty("count").GetInt64());
        Assert.IsFalse((await (await api.GetAsync("workflow-definitions/validation/is-name-unique?name=Improvement%20cycle", Token)).JsonAsync()).GetProperty("isUnique").GetBoolean());
        Assert.IsTrue((await (await api.GetAsync("workflow-definitions/validation/is-name-unique?name=Something%20new", Token)).JsonAsync()).GetProperty("isUnique").GetBoolean());
        await (await api.GetAsync("workflow-definitions?PageSize=abc", Token)).ProblemAsync(HttpStatusCode.BadRequest);
    }

    [TestMethod]
    public async Task Get_by_definition_id_by_version_and_by_version_id()
    {
        await using var server = await StudioServer.StartAsync(Token);
        using var api = server.Api();

        var latest = await (await api.GetAsync($"workflow-definitions/by-definition-id/{StudioServer.CycleId}?versionOptions=Latest", Token)).JsonAsync();
        Assert.AreEqual(1, latest.GetProperty("version").GetInt32());
        Assert.AreEqual("Elsa.Flowchart", latest.GetProperty("root").GetProperty("type").GetString());
        Assert.AreEqual(6, latest.GetProperty("root").GetProperty("activities").GetArrayLength());
        Assert.IsTrue(latest.GetProperty("links").EnumerateArray().Any(l => l.GetProperty("rel").GetString() == "publish"));
        var versionId = latest.GetProperty("id").GetString();

        Assert.AreEqual(1, (await (await api.GetAsync($"workflow-definitions/by-definition-id/{StudioServer.CycleId}?versionOptions=1", Token)).JsonAsync()).GetProperty("version").GetInt32());
        Assert.AreEqual(StudioServer.CycleId, (await (await api.GetAsync($"workflow-definitions/by-id/{versionId}", Token)).JsonAsync()).GetProperty("definitionId").GetString());
        Assert.AreEqual(1, (await (await api.GetAsync($"workflow-definitions/many-by-id?ids={versionId}&ids=nope", Token)).JsonAsync()).GetProperty("count").GetInt32());

        StringAssert.Contains(await (await api.GetAsync("workflow-definitions/by-definition-id/nope", Token)).ProblemAsync(HttpStatusCode.NotFound), "'nope'");
        StringAssert.Contains(await (await api.GetAsync($"workflow-definitions/by-definition-id/{StudioServer.CycleId}?versionOptions=7", Token)).ProblemAsync(HttpStatusCode.NotFound), "Existing versions: 1");
        await (await api.GetAsync("workflow-definitions/by-id/nope", Token)).ProblemAsync(HttpStatusCode.NotFound);
        StringAssert.Contains(await (await api.GetAsync($"workflow-definitions/by-definition-id/{StudioServer.CycleId}?versionOptions=Sometimes", Token)).ProblemAsync(HttpStatusCode.BadRequest), "versionOptions");
    }

    [TestMethod]
    public async Task Save_creates_a_draft_after_a_published_version_then_updates_it_in_place_and_publish_with_save_publishes()
    {
        await using var server = await StudioServer.StartAsync(Token);
        using var api = server.Api();
        var model = await LatestAsync(api, StudioServer.CycleId);
        model["name"] = "Improvement cycle, edited";

        var first = await (await api.PostAsync("workflow-definitions", StudioServer.Json(new JsonObject { ["model"] = model.DeepClone() }.ToJsonString()), Token)).JsonAsync();
        var draft = first.GetProperty("workflowDefinition");
        Assert.AreEqual(2, draft.GetProperty("version").GetInt32());
        Assert.IsFalse(draft.GetProperty("isPublished").GetBoolean());

        model["description"] = "second save";
        model["version"] = 2;
        var second = await (await api.PostAsync("workflow-definitions", StudioServer.Json(new JsonObject { ["model"] = model.DeepClone() }.ToJsonString()), Token)).JsonAsync();
        Assert.AreEqual(2, second.GetProperty("workflowDefinition").GetProperty("version").GetInt32(), "a draft is updated in place");
        var stored = await server.Definitions.GetAsync(StudioServer.CycleId, VersionOptions.Latest, Token);
        Assert.AreEqual("second save", stored.Description);
        Assert.IsNull(stored.Extra?.Keys.FirstOrDefault(k => k is "links" or "materializerName"), "server fields are not stored");
        Assert.IsTrue((await server.Definitions.GetAsync(StudioServer.CycleId, VersionOptions.Published, Token)).Version == 1);

        var published = await (await api.PostAsync("workflow-definitions", StudioServer.Json(new JsonObject { ["model"] = model.DeepClone(), ["publish"] = true }.ToJsonString()), Token)).JsonAsync();
        Assert.IsTrue(published.GetProperty("workflowDefinition").GetProperty("isPublished").GetBoolean());
        Assert.AreEqual(2, (await server.Definitions.GetAsync(StudioServer.CycleId, VersionOptions.Published, Token)).Version);

        var brandNew = JsonSerializer.SerializeToNode(Definition("", "Brand new"), Agent.Workflows.Model.WorkflowJson.Options)!;
        var created = await (await api.PostAsync("workflow-definitions", StudioServer.Json(new JsonObject { ["model"] = brandNew }.ToJsonString()), Token)).JsonAsync();
        var newId = created.GetProperty("workflowDefinition").GetProperty("definitionId").GetString()!;
        var withNulls = JsonNode.Parse("""{ "model": { "name": "Nulls", "variables": null, "inputs": null, "outputs": null, "outcomes": null, "customProperties": null, "options": null } }""")!;
        withNulls["model"]!["root"] = brandNew["root"]!.DeepClone();
        var saved = await (await api.PostAsync("workflow-definitions", StudioServer.Json(withNulls.ToJsonString()), Token)).JsonAsync();
        Assert.AreEqual(0, saved.GetProperty("workflowDefinition").GetProperty("variables").GetArrayLength(), "JSON nulls are stored as empty lists");
        Assert.IsFalse(string.IsNullOrWhiteSpace(newId), "a new definition gets an id");
        Assert.AreEqual(1, (await server.Definitions.GetAsync(newId, VersionOptions.Latest, Token)).Version);
    }

    [TestMethod]
    public async Task Bad_saves_are_400_problems_and_store_nothing()
    {
        await using var server = await StudioServer.StartAsync(Token);
        using var api = server.Api();
        var before = await server.Definitions.ListAsync(new DefinitionQuery(), Token);

        StringAssert.Contains(await (await api.PostAsync("workflow-definitions", StudioServer.Json("{\"model\": {\"name\": "), Token)).ProblemAsync(HttpStatusCode.BadRequest), "not valid JSON");
        StringAssert.Contains(await (await api.PostAsync("workflow-definitions", StudioServer.Json("{\"publish\": true}"), Token)).ProblemAsync(HttpStatusCode.BadRequest), "'model'");
        await (await api.PostAsync("workflow-definitions", StudioServer.Json(""), Token)).ProblemAsync(HttpStatusCode.BadRequest);

        var model = await LatestAsync(api, StudioServer.CycleId);
        model["root"]!["activities"]!.AsArray().Add(new JsonObject { ["id"] = "ghost", ["type"] = "Agent.DoesNotExist" });
        var invalid = await api.PostAsync("workflow-definitions", StudioServer.Json(new JsonObject { ["model"] = model, ["publish"] = true }.ToJsonString()), Token);
        StringAssert.Contains(await invalid.ProblemAsync(HttpStatusCode.BadRequest), "Agent.DoesNotExist");

        var after = await server.Definitions.ListAsync(new DefinitionQuery(), Token);
        CollectionAssert.AreEqual(before.Items.Select(s => (s.Id, s.Version)).ToList(), after.Items.Select(s => (s.Id, s.Version)).ToList(), "nothing was stored");
        Assert.AreEqual(1, (await server.Definitions.ListVersionsAsync(StudioServer.CycleId, Token)).Count);
    }

    [TestMethod]
    public async Task Create_workflow_as_the_Studio_sends_it_stores_an_empty_draft()
    {
        await using var server = await StudioServer.StartAsync(Token);
        using var api = server.Api();
        // What the Studio's "Create workflow" sends: nulls for the lists and an empty flowchart.
        var empty = """
            { "model": { "name": "Workflow 1", "version": 1, "variables": null, "inputs": null, "outputs": null, "outcomes": null,
              "customProperties": null, "options": null, "root": { "type": "Elsa.Flowchart", "id": "f1", "activities": [], "connections": [] } } }
            """;

        var response = await api.PostAsync("workflow-definitions", StudioServer.Json(empty), Token);

        Assert.IsTrue(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Token));
        var id = JsonNode.Parse(await response.Content.ReadAsStringAsync(Token))!["workflowDefinition"]!["definitionId"]!.GetValue<string>();
        Assert.HasCount(1, await server.Definitions.ListVersionsAsync(id, Token));
    }

    [TestMethod]
    public async Task Publish_rejects_a_stale_version_with_409_and_retract_unpublishes()
    {
        await using var server = await StudioServer.StartAsync(Token);
        using var api = server.Api();
        var model = await LatestAsync(api, StudioServer.CycleId);
        await api.PostAsync("workflow-definitions", StudioServer.Json(new JsonObject { ["model"] = model }.ToJsonString()), Token);

        StringAssert.Contains(await (await api.PostAsync($"workflow-definitions/{StudioServer.CycleId}/publish", StudioServer.Json(new { version = 1 }), Token)).ProblemAsync(HttpStatusCode.Conflict), "not the latest");
        Assert.AreEqual(1, (await server.Definitions.GetAsync(StudioServer.CycleId, VersionOptions.Published, Token)).Version, "the stale publish changed nothing");

        var published = await (await api.PostAsync($"workflow-definitions/{StudioServer.CycleId}/publish", StudioServer.Json(new { version = 2 }), Token)).JsonAsync();
        Assert.AreEqual(2, published.GetProperty("workflowDefinition").GetProperty("version").GetInt32());
        Assert.IsFalse(published.GetProperty("alreadyPublished").GetBoolean());
        var again = await (await api.PostAsync($"workflow-definitions/{StudioServer.CycleId}/publish", StudioServer.Json("{}"), Token)).JsonAsync();
        Assert.IsTrue(again.GetProperty("alreadyPublished").GetBoolean());
        await (await api.PostAsync("workflow-definitions/nope/publish", StudioServer.Json("{}"), Token)).ProblemAsync(HttpStatusCode.NotFound);
        await (await api.PostAsync($"workflow-definitions/{StudioServer.CycleId}/publish", StudioServer.Json("{\"version\": "), Token)).ProblemAsync(HttpStatusCode.BadRequest);

        var retracted = await (await api.PostAsync($"workflow-definitions/{StudioServer.CycleId}/retract", StudioServer.Json("{}"), Token)).JsonAsync();
        Assert.IsFalse(retracted.GetProperty("isPublished").GetBoolean());
        StringAssert.Contains(await (await api.PostAsync($"workflow-definitions/{StudioServer.CycleId}/retract", StudioServer.Json("{}"), Token)).ProblemAsync(HttpStatusCode.Conflict), "no published version");
    }

    [TestMethod]
    public async Task Versions_revert_and_the_structural_diff()
    {
        await using var server = await StudioServer.StartAsync(Token);
        using var api = server.Api();
        var model = await LatestAsync(api, StudioServer.CycleId);
        model["root"]!["activities"]!.AsArray().Add(JsonNode.Parse("""{ "id": "extra", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "extra" } } }"""));
        await api.PostAsync("workflow-definitions", StudioServer.Json(new JsonObject { ["model"] = model }.ToJsonString()), Token);

        var versions = await (await api.GetAsync($"workflow-definitions/{StudioServer.CycleId}/versions", Token)).JsonAsync();
        CollectionAssert.AreEqual(new[] { 1, 2 }, versions.Items().Select(v => v.GetProperty("version").GetInt32()).ToArray());

        var diff = await (await api.GetAsync($"workflow-definitions/{StudioServer.CycleId}/diff?from=1&to=2", Token)).JsonAsync();
        StringAssert.Contains(diff.GetRawText(), "extra");
        var text = await (await api.GetAsync($"workflow-definitions/{StudioServer.CycleId}/diff?from=1&to=2&format=text", Token)).Content.ReadAsStringAsync(Token);
        StringAssert.Contains(text, "extra");
        await (await api.GetAsync($"workflow-definitions/{StudioServer.CycleId}/diff?from=1", Token)).ProblemAsync(HttpStatusCode.BadRequest);
        await (await api.GetAsync($"workflow-definitions/{StudioServer.CycleId}/diff?from=1&to=9", Token)).ProblemAsync(HttpStatusCode.NotFound);

        var reverted = await (await api.PostAsync($"workflow-definitions/{StudioServer.CycleId}/revert/1", null, Token)).JsonAsync();
        Assert.AreEqual(3, reverted.GetProperty("version").GetInt32());
        Assert.AreEqual(6, (await server.Definitions.GetVersionAsync(StudioServer.CycleId, 3, Token)).Root.Activities!.Count, "version 3 has version 1's content");
        await (await api.PostAsync($"workflow-definitions/{StudioServer.CycleId}/revert/9", null, Token)).ProblemAsync(HttpStatusCode.NotFound);
        await (await api.GetAsync("workflow-definitions/nope/versions", Token)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [TestMethod]
    public async Task Export_and_import()
    {
        await using var server = await StudioServer.StartAsync(Token);
        using var api = server.Api();
        var export = await api.GetAsync($"workflow-definitions/{StudioServer.CycleId}/export?versionOptions=Latest", Token);
        Assert.AreEqual(HttpStatusCode.OK, export.StatusCode);
        StringAssert.Contains(export.Content.Headers.ContentDisposition?.ToString(), "improvement-cycle.json");
        var exported = JsonNode.Parse(await export.Content.ReadAsStringAsync(Token))!.AsObject();
        Assert.AreEqual(StudioServer.CycleId, exported["definitionId"]!.GetValue<string>());

        exported["definitionId"] = "copied-cycle";
        exported["id"] = "copied-cycle-v1";
        var imported = await (await api.PostAsync("workflow-definitions/import", StudioServer.Json(exported.ToJsonString()), Token)).JsonAsync();
        Assert.AreEqual("copied-cycle", imported.GetProperty("definitionId").GetString());
        Assert.AreEqual(6, (await server.Definitions.GetAsync("copied-cycle", VersionOptions.Latest, Token)).Root.Activities!.Count);

        exported["name"] = "Copied again";
        var reimported = await (await api.PostAsync("workflow-definitions/import", StudioServer.Json(exported.ToJsonString()), Token)).JsonAsync();
        Assert.AreEqual(2, reimported.GetProperty("version").GetInt32(), "importing over a published version stores a new draft");

        await (await api.PostAsync("workflow-definitions/import", StudioServer.Json("[1, 2"), Token)).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.AreEqual(2, (await server.Definitions.ListVersionsAsync("copied-cycle", Token)).Count, "the bad import stored nothing");
        await (await api.GetAsync("workflow-definitions/nope/export", Token)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [TestMethod]
    public async Task Delete_versions_and_definitions_and_bulk_actions()
    {
        await using var server = await StudioServer.StartAsync(Token);
        using var api = server.Api();
        var model = await LatestAsync(api, StudioServer.CycleId);
        var draft = await (await api.PostAsync("workflow-definitions", StudioServer.Json(new JsonObject { ["model"] = model }.ToJsonString()), Token)).JsonAsync();
        var v1 = await server.Definitions.GetVersionAsync(StudioServer.CycleId, 1, Token);

        await (await api.DeleteAsync($"workflow-definition-versions/{v1.Id}", Token)).ProblemAsync(HttpStatusCode.Conflict);
        Assert.AreEqual(HttpStatusCode.NoContent, (await api.DeleteAsync($"workflow-definition-versions/{draft.GetProperty("workflowDefinition").GetProperty("id").GetString()}", Token)).StatusCode);
        Assert.AreEqual(1, (await server.Definitions.ListVersionsAsync(StudioServer.CycleId, Token)).Count);
        await (await api.DeleteAsync("workflow-definition-versions/nope", Token)).ProblemAsync(HttpStatusCode.NotFound);

        await server.Definitions.SaveDraftAsync(Definition("bulk-a", "Bulk A"), Token);
        await server.Definitions.SaveDraftAsync(Definition("bulk-b", "Bulk B"), Token);
        var published = await (await api.PostAsync("bulk-actions/publish/workflow-definitions/by-definition-ids", StudioServer.Json(new { definitionIds = new[] { "bulk-a", StudioServer.CycleId, "nope" } }), Token)).JsonAsync();
        Assert.AreEqual("bulk-a", published.GetProperty("published").EnumerateArray().Single().GetString());
        Assert.AreEqual(StudioServer.CycleId, published.GetProperty("alreadyPublished").EnumerateArray().Single().GetString());
        Assert.AreEqual("nope", published.GetProperty("notFound").EnumerateArray().Single().GetString());
        var retracted = await (await api.PostAsync("bulk-actions/retract/workflow-definitions/by-definition-ids", StudioServer.Json(new { definitionIds = new[] { "bulk-a", "bulk-b" } }), Token)).JsonAsync();
        Assert.AreEqual("bulk-a", retracted.GetProperty("retracted").EnumerateArray().Single().GetString());
        var deleted = await (await api.PostAsync("bulk-actions/delete/workflow-definitions/by-definition-id", StudioServer.Json(new { definitionIds = new[] { "bulk-a", "bulk-b" } }), Token)).JsonAsync();
        Assert.AreEqual(2, deleted.GetProperty("deleted").GetInt32());
        await (await api.PostAsync("bulk-actions/delete/workflow-definitions/by-definition-id", StudioServer.Json(new { definitionIds = Array.Empty<string>() }), Token)).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.AreEqual(HttpStatusCode.NoContent, (await api.DeleteAsync($"workflow-definitions/{StudioServer.CycleId}", Token)).StatusCode);
        await (await api.DeleteAsync($"workflow-definitions/{StudioServer.CycleId}", Token)).ProblemAsync(HttpStatusCode.NotFound);
    }

    internal static async Task<JsonObject> LatestAsync(HttpClient api, string definitionId) =>
        JsonNode.Parse((await (await api.GetAsync($"workflow-definitions/by-definition-id/{definitionId}?versionOptions=Latest")).JsonAsync()).GetRawText())!.AsObject();

    internal static Agent.Workflows.Model.WorkflowDefinition Definition(string id, string name) =>
        JsonSerializer.Deserialize<Agent.Workflows.Model.WorkflowDefinition>($$"""
            { "definitionId": "{{id}}", "name": "{{name}}", "root": { "type": "Elsa.Flowchart", "id": "root",
              "activities": [ { "id": "say", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "{{name}}" } } } ],
              "connections": [] } }
            """, Agent.Workflows.Model.WorkflowJson.Options)!;
}
