using System.Text.Json.Nodes;
using Agent.Workflows.Model;
using Agent.Workflows.Validation;
using Agent.Workflows.Versioning;
using static Agent.Workflows.Tests.Engine.Def;
using static Agent.Workflows.Tests.Engine.WorkflowHost;

namespace Agent.Workflows.Tests.Engine;

/// <summary>A definition calling a workflow that cannot run, or closing a cycle of calls, is refused with the JSON path; nothing is stored.</summary>
[TestClass]
public sealed class WorkflowActivityValidationTests
{
    private static JsonObject Simple(string id, bool usable = true)
    {
        var json = Workflow(id, [WriteLine("w", id)], [], usableAsActivity: usable);
        json["name"] = id;
        return json;
    }

    private static async Task<InvalidDefinitionException> RefusedAsync(WorkflowHost host, JsonObject definition)
    {
        var definitionId = definition["definitionId"]!.ToString();
        var before = await VersionsAsync(host, definitionId);
        var e = await Assert.ThrowsExactlyAsync<InvalidDefinitionException>(() => host.Definitions.SaveDraftAsync(WorkflowDefinitionReader.Parse(definition.ToJsonString())));
        Assert.AreEqual(before, await VersionsAsync(host, definitionId), "nothing may be stored");
        return e;
    }

    private static async Task<string> VersionsAsync(WorkflowHost host, string definitionId)
    {
        try { return string.Join(" ", (await host.Definitions.ListVersionsAsync(definitionId)).Select(v => $"{v.Version}{(v.IsPublished ? "P" : "")}")); }
        catch (WorkflowDefinitionNotFoundException) { return "none"; }
    }

    [TestMethod]
    public async Task AMissingDefinitionIsRefusedWithItsPath()
    {
        await using var host = await WorkflowHost.StartAsync();
        var e = await RefusedAsync(host, Workflow("parent", [WriteLine("first", "x"), Use("use", "Nope", "nope")], [C("first", "use")]));
        var error = e.Errors.Single();
        Assert.AreEqual("$.root.activities[1].workflowDefinitionId", error.Path);
        StringAssert.Contains(error.Message, "'nope', which does not exist");
    }

    [TestMethod]
    public async Task AnUnpublishedDefinitionIsRefused()
    {
        await using var host = await WorkflowHost.StartAsync();
        await host.Definitions.SaveDraftAsync(WorkflowDefinitionReader.Parse(Simple("draft-only").ToJsonString()));
        var e = await RefusedAsync(host, Workflow("parent", [Use("use", "DraftOnly", "draft-only")], []));
        Assert.AreEqual("$.root.activities[0].workflowDefinitionId", e.Errors.Single().Path);
        StringAssert.Contains(e.Errors.Single().Message, "has no published version");
    }

    [TestMethod]
    public async Task ADefinitionNotUsableAsAnActivityHasNoTypeButRunsWhenNamedById()
    {
        await using var host = await WorkflowHost.StartAsync();
        await host.PublishAsync(Simple("plain", usable: false));
        Assert.IsFalse(host.Registry.TryGet("Plain", out _));
        // By type alone it is unknown: only definitions usable as activities become types.
        var byType = Workflow("parent", [A("use", "Plain")], []);
        var e = await RefusedAsync(host, byType);
        Assert.AreEqual("$.root.activities[0].type", e.Errors.Single().Path);
        // Named by id it runs, as in Elsa (its dependency scenarios use plain definitions this way).
        var byId = await host.Definitions.SaveDraftAsync(WorkflowDefinitionReader.Parse(Workflow("parent", [Use("use", "Plain", "plain")], []).ToJsonString()));
        Assert.AreEqual(1, byId.Version);
    }

    [TestMethod]
    public async Task ACycleOfWorkflowActivitiesIsRefusedAndTheStoredVersionStays()
    {
        await using var host = await WorkflowHost.StartAsync();
        await host.PublishAsync(Simple("a"));
        var b = Workflow("b", [Use("callA", "A", "a")], [], usableAsActivity: true);
        b["name"] = "b";
        await host.PublishAsync(b);

        var a2 = Workflow("a", [WriteLine("w", "a"), Use("callB", "B", "b")], [C("w", "callB")], usableAsActivity: true);
        var e = await RefusedAsync(host, a2);
        Assert.AreEqual("$.root.activities[1].workflowDefinitionId", e.Errors.Single().Path);
        StringAssert.Contains(e.Errors.Single().Message, "a → b → a");
        Assert.AreEqual("1P", await VersionsAsync(host, "a"));

        var self = await RefusedAsync(host, Workflow("self", [Use("me", "Self", "self")], []));
        StringAssert.Contains(self.Errors.Single().Message, "self → self");
    }

    [TestMethod]
    public async Task ACycleThroughExecuteWorkflowWithALiteralIdIsRefused()
    {
        await using var host = await WorkflowHost.StartAsync();
        await host.PublishAsync(Workflow("first", [A("run", "Elsa.ExecuteWorkflow", ("workflowDefinitionId", Lit("second")))], []));
        var second = Workflow("second", [WriteLine("w", "x"), A("back", "Elsa.DispatchWorkflow", ("workflowDefinitionId", Lit("first")))], [C("w", "back")]);
        var e = await RefusedAsync(host, second);
        Assert.AreEqual("$.root.activities[1].workflowDefinitionId", e.Errors.Single().Path);
        StringAssert.Contains(e.Errors.Single().Message, "second → first → second");
    }

    [TestMethod]
    public async Task ImportRefusesAMissingWorkflowActivityAndStoresNothing()
    {
        await using var host = await WorkflowHost.StartAsync();
        var definition = Workflow("imported", [Use("use", "Missing", "missing")], []);
        definition["id"] = "imported-v1";
        await Assert.ThrowsExactlyAsync<InvalidDefinitionException>(() => host.Definitions.ImportAsync(definition.ToJsonString()));
        Assert.AreEqual("none", await VersionsAsync(host, "imported"));
    }

    [TestMethod]
    public async Task ANodeNamingOnlyTheTypeOfARetractedWorkflowGetsThePreciseError()
    {
        await using var host = await WorkflowHost.StartAsync();
        await host.PublishAsync(Simple("Helper"));
        await host.Definitions.RetractAsync("Helper");
        var e = await RefusedAsync(host, Workflow("parent", [A("use", "Helper")], []));
        Assert.AreEqual("$.root.activities[0].type", e.Errors.Single().Path);
        StringAssert.Contains(e.Errors.Single().Message, "'Helper', which has no published version");
    }
}
