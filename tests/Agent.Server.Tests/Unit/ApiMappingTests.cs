using System.Text.Json.Nodes;
using Agent.Server.Api;
using Agent.Server.Auth;
using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;
using Microsoft.Extensions.Options;

namespace Agent.Server.Tests.Unit;

/// <summary>The small translations between Elsa's API vocabulary and the engine's, without a server.</summary>
[TestClass]
public sealed class ApiMappingTests
{
    [TestMethod]
    public void Version_options_parse_as_elsa_writes_them()
    {
        Assert.AreEqual(VersionOptions.Latest, ElsaVersionOptions.Parse(null, VersionOptions.Latest).Single);
        Assert.AreEqual(VersionOptions.Published, ElsaVersionOptions.Parse("published", VersionOptions.Latest).Single);
        Assert.AreEqual(VersionOptions.LatestOrPublished, ElsaVersionOptions.Parse("LatestOrPublished", VersionOptions.Latest).Single);
        Assert.AreEqual(VersionOptions.SpecificVersion(3), ElsaVersionOptions.Parse("3", VersionOptions.Latest).Single);
        Assert.IsTrue(ElsaVersionOptions.Parse("AllVersions", VersionOptions.Latest).AllVersions);
        Assert.IsTrue(ElsaVersionOptions.Parse("Draft", VersionOptions.Latest).DraftOnly);
        foreach (var bad in new[] { "0", "-1", "Newest", "1.5" })
            Assert.ThrowsExactly<ApiBadRequestException>(() => ElsaVersionOptions.Parse(bad, VersionOptions.Latest), bad);
    }

    [TestMethod]
    public void Statuses_split_into_elsas_status_and_sub_status_and_back()
    {
        Assert.AreEqual(("Running", "Suspended"), ElsaInstanceJson.Status(WorkflowStatus.Suspended));
        Assert.AreEqual(("Finished", "Faulted"), ElsaInstanceJson.Status(WorkflowStatus.Faulted));
        Assert.AreEqual(("Finished", "Cancelled"), ElsaInstanceJson.Status(WorkflowStatus.Cancelled));
        foreach (var status in Enum.GetValues<WorkflowStatus>())
        {
            var (elsaStatus, subStatus) = ElsaInstanceJson.Status(status);
            CollectionAssert.Contains(ElsaInstanceJson.MatchingStatus(elsaStatus)!.ToList(), status);
            CollectionAssert.AreEqual(new[] { status }, ElsaInstanceJson.MatchingSubStatus(subStatus)!.ToList());
        }
        Assert.AreEqual(3, ElsaInstanceJson.MatchingStatus("Finished")!.Count, "Finished covers finished, faulted and cancelled runs");
        Assert.IsNull(ElsaInstanceJson.MatchingStatus("Suspended"), "Suspended is a sub-status");
        Assert.IsNull(ElsaInstanceJson.MatchingSubStatus("Sleeping"));
    }

    [TestMethod]
    public void Missing_node_ids_are_derived_from_the_parent_as_elsa_does()
    {
        var root = JsonNode.Parse("""
            { "id": "root", "activities": [ { "id": "a" }, { "id": "b", "nodeId": "custom" },
              { "id": "inner", "activities": [ { "id": "c" } ] } ] }
            """)!.AsObject();
        ActivityNodeIds.Fill(root, null);
        Assert.AreEqual("root", root["nodeId"]!.GetValue<string>());
        Assert.AreEqual("root:a", root["activities"]![0]!["nodeId"]!.GetValue<string>());
        Assert.AreEqual("custom", root["activities"]![1]!["nodeId"]!.GetValue<string>());
        Assert.AreEqual("root:inner:c", root["activities"]![2]!["activities"]![0]!["nodeId"]!.GetValue<string>());

        var definition = System.Text.Json.JsonSerializer.Deserialize<Agent.Workflows.Model.WorkflowDefinition>(
            new JsonObject { ["definitionId"] = "d", ["root"] = JsonNode.Parse("""{ "id": "root", "type": "Elsa.Flowchart", "activities": [ { "id": "a", "type": "Elsa.Start" } ] }""") }.ToJsonString(),
            Agent.Workflows.Model.WorkflowJson.Options)!;
        var map = new ActivityNodeIds(definition);
        Assert.AreEqual("root:a", map.NodeId("a"));
        Assert.AreEqual("a", map.ActivityId("root:a"));
    }

    [TestMethod]
    public void Activities_embedded_in_ports_get_node_ids_below_their_container()
    {
        var root = JsonNode.Parse("""
            { "id": "root", "type": "Elsa.Flowchart", "activities": [
              { "id": "loop", "type": "Elsa.ForEach", "items": { "typeName": "Object", "expression": { "type": "JavaScript", "value": "[1]" } },
                "body": { "id": "body", "type": "Elsa.Flowchart", "activities": [ { "id": "line", "type": "Elsa.WriteLine" } ] } },
              { "id": "if", "type": "Elsa.If", "then": { "id": "yes", "type": "Elsa.WriteLine" }, "else": { "id": "no", "nodeId": "kept", "type": "Elsa.WriteLine" } },
              { "id": "switch", "type": "Elsa.Switch", "cases": [ { "label": "Big", "condition": { "type": "JavaScript", "value": "true" },
                "activity": { "id": "big", "type": "Elsa.Sequence", "activities": [ { "id": "inSequence", "type": "Elsa.WriteLine" } ] } } ],
                "default": { "id": "small", "type": "Elsa.WriteLine" } } ] }
            """)!.AsObject();
        var walked = Agent.Server.Api.ActivityTree.Walk(root).ToDictionary(n => n.Id);
        Assert.AreEqual(11, walked.Count, "the root, its three activities and every embedded or nested one");
        Assert.AreEqual("root:loop:body:line", walked["line"].NodeId);
        Assert.AreEqual("Body", walked["body"].Port);
        Assert.AreEqual("Activities", walked["line"].Port);
        Assert.AreEqual("kept", walked["no"].NodeId, "a node id the JSON holds is kept");
        Assert.AreEqual("Big", walked["big"].Port, "a switch case's activity hangs off the port named by its label");
        Assert.AreEqual("root:switch:big:inSequence", walked["inSequence"].NodeId);
        Assert.AreEqual("Default", walked["small"].Port);

        ActivityNodeIds.Fill(root, null);
        Assert.AreEqual("root:loop:body", root["activities"]![0]!["body"]!["nodeId"]!.GetValue<string>());
        Assert.AreEqual("root:switch:big", root["activities"]![2]!["cases"]![0]!["activity"]!["nodeId"]!.GetValue<string>());
        Assert.IsNull(root["activities"]![0]!["items"]!["nodeId"], "input bindings are not activities");

        var definition = System.Text.Json.JsonSerializer.Deserialize<Agent.Workflows.Model.WorkflowDefinition>(
            new JsonObject { ["definitionId"] = "d", ["root"] = root.DeepClone() }.ToJsonString(), Agent.Workflows.Model.WorkflowJson.Options)!;
        var map = new ActivityNodeIds(definition);
        Assert.AreEqual("root:if:yes", map.NodeId("yes"));
        Assert.AreEqual("line", map.ActivityId("root:loop:body:line"));
    }

    [TestMethod]
    public void Passwords_are_checked_against_their_hashes()
    {
        var options = Options.Create(new AuthOptions { Users = [new StudioUser { Name = "ada", PasswordHash = CredentialChecker.Hash("right") }] });
        var checker = new CredentialChecker(options);
        Assert.AreEqual("ada", checker.Check("ada", "right")?.Name);
        Assert.IsNull(checker.Check("ada", "wrong"));
        Assert.IsNull(checker.Check("bob", "right"));
        Assert.IsNull(checker.Check("ada", ""));
        Assert.AreNotEqual(CredentialChecker.Hash("right"), CredentialChecker.Hash("right"), "hashes are salted");
    }

    [TestMethod]
    public void Auth_options_reject_short_keys_and_incomplete_users()
    {
        static List<string> Errors(AuthOptions o) =>
            o.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(o)).Select(r => r.ErrorMessage!).ToList();
        Assert.AreEqual(0, Errors(new AuthOptions()).Count);
        StringAssert.Contains(Errors(new AuthOptions { SigningKey = "short" }).Single(), "32 characters");
        StringAssert.Contains(Errors(new AuthOptions { ApiKeys = ["tiny"] }).Single(), "16 characters");
        StringAssert.Contains(Errors(new AuthOptions { Users = [new StudioUser { Name = "ada" }] }).Single(), "hash-password");
    }
}
