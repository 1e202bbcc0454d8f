using System.Text.Json;
using System.Text.Json.Nodes;
using Agent.Workflows.Model;
using Agent.Workflows.Versioning;
using static Agent.Workflows.Tests.Versioning.DiffTestData;

namespace Agent.Workflows.Tests.Versioning;

/// <summary>The text form (snapshots) and the JSON shape of a <see cref="DefinitionDiff"/>.</summary>
[TestClass]
public sealed class DiffOutputTests
{
    /// <summary>v2 → v3: a9 added, a3 removed, a2's value changed, a counter widened, a1 moved.</summary>
    private static DefinitionDiff SmallCase()
    {
        var (from, to) = Pair();
        to.Root.Activities!.Add(ParseActivity("""{ "id": "a9", "type": "Elsa.WriteLine", "name": "Log" }"""));
        to.Root.Activities.Remove(to.Activity("a3"));
        to.Root.Connections!.RemoveAll(c => c.Source.Activity == "a3" || c.Target.Activity == "a3");
        to.Root.Connections.Add(Connection.Create("a2", "Done", "a9"));
        to.Activity("a2").SetInput("value", Literal("2"));
        to.Variables[0].TypeName = "Int64";
        to.Activity("a1").Metadata!["designer"]!["position"] = new JsonObject { ["x"] = 40, ["y"] = 20 };
        return DefinitionDiffer.Compare(from, to);
    }

    [TestMethod]
    public void Text_snapshot_of_a_small_case()
    {
        const string expected = """
            Improvement cycle: v2 → v3
            Activities
              + a9 (Elsa.WriteLine "Log")
              - a3 (Elsa.Delay)
              ~ a2 (Elsa.SetVariable): value: Literal "1" → Literal "2"
            Connections
              + a2:Done → a9:In
              - a2:Done → a3:In
              - a3:Done → sub1:In
            Variables
              ~ Counter: typeName Int32 → Int64
            Layout only
              a1 moved (10,20) → (40,20)

            """;

        Assert.AreEqual(expected.ReplaceLineEndings("\n"), DiffTextFormatter.Format(SmallCase()));
    }

    [TestMethod]
    public void Text_for_identical_versions_says_no_differences()
    {
        var (from, to) = Pair();

        var text = DiffTextFormatter.Format(DefinitionDiffer.Compare(from, to));

        Assert.AreEqual("Improvement cycle: v2 → v3\nNo differences.\n", text);
    }

    [TestMethod]
    public void Text_snapshot_of_layout_nesting_and_several_changes()
    {
        var (from, to) = Pair();
        to.Description = "Improves more";
        var b1 = to.Activity("sub1").Child("b1");
        b1.Name = "Greet";
        b1.SetInput("text", new InputValue("String", ExpressionModel.JavaScript("getX()")));
        to.Activity("sub1").Connections!.Add(Connection.Create("b2", "Done", "b1"));
        to.Activity("a1").Metadata!["designer"]!["size"] = new JsonObject { ["width"] = 120, ["height"] = 50 };
        to.Root.Connections![1] = to.Root.Connections[1] with { Extra = null };

        const string expected = """
            Improvement cycle: v2 → v3
            Definition
              ~ description: "Improves things" → "Improves more"
            Activities
              ~ root/sub1/b1 (Elsa.WriteLine)
                  name: (none) → "Greet"
                  text: Literal "hi" → JavaScript "getX()"
            Connections
              + b2:Done → b1:In (in root/sub1)
            Layout only
              a1 resized 100x50 → 120x50
              a2:Done → a3:In vertices [(1,2)] → []

            """;

        Assert.AreEqual(expected.ReplaceLineEndings("\n"), DiffTextFormatter.Format(DefinitionDiffer.Compare(from, to)));
    }

    [TestMethod]
    public void Text_says_when_only_layout_changed()
    {
        var (from, to) = Pair();
        to.Activity("a1").Metadata!["designer"]!["position"] = new JsonObject { ["x"] = 10, ["y"] = 25 };

        var text = DiffTextFormatter.Format(DefinitionDiffer.Compare(from, to));

        Assert.AreEqual("Improvement cycle: v2 → v3\nNo behavioural changes.\nLayout only\n  a1 moved (10,20) → (10,25)\n", text);
    }

    [TestMethod]
    public void Long_values_are_shortened_around_the_change_in_text_but_kept_whole_in_json()
    {
        var (from, to) = Pair();
        var body = new string('x', 200);
        from.Activity("a2").SetInput("value", new InputValue("Object", ExpressionModel.JavaScript($"{body} getX() {body}")));
        to.Activity("a2").SetInput("value", new InputValue("Object", ExpressionModel.JavaScript($"{body} getY() {body}")));

        var diff = DefinitionDiffer.Compare(from, to);
        var line = DiffTextFormatter.Format(diff).Split('\n').Single(l => l.Contains("value:"));

        Assert.IsLessThan(200, line.Length, line);
        Assert.Contains("getX()", line);
        Assert.Contains("getY()", line);
        Assert.Contains("…", line);
        Assert.Contains(body, diff.Activities.Changed.Single().Changes.Single().To!);
    }

    [TestMethod]
    public void Json_shape_is_clean_camel_case()
    {
        var json = JsonSerializer.Serialize(SmallCase(), WorkflowJson.Options);
        var root = JsonNode.Parse(json)!.AsObject();

        Assert.AreEqual("wf", (string?)root["definitionId"]);
        Assert.AreEqual(2, (int?)root["fromVersion"]);
        Assert.AreEqual(3, (int?)root["toVersion"]);
        Assert.AreEqual("a9", (string?)root["activities"]!["added"]![0]!["id"]);
        Assert.AreEqual("Log", (string?)root["activities"]!["added"]![0]!["name"]);
        Assert.IsFalse(root["activities"]!["removed"]![0]!.AsObject().ContainsKey("name"), "absent values are omitted, not null");
        var change = root["activities"]!["changed"]![0]!["changes"]![0]!;
        Assert.AreEqual("value", (string?)change["property"]);
        Assert.AreEqual("Literal \"2\"", (string?)change["to"]);
        Assert.AreEqual("a9", (string?)root["connections"]!["added"]![0]!["target"]);
        Assert.AreEqual("Done", (string?)root["connections"]!["added"]![0]!["sourcePort"]);
        Assert.AreEqual("typeName", (string?)root["variables"]!["changed"]![0]!["changes"]![0]!["property"]);
        Assert.AreEqual(40d, (double?)root["layout"]!["moved"]![0]!["to"]!["x"]);
        Assert.IsEmpty(root["definition"]!.AsArray());
        Assert.AreEqual(1, (int?)root["summary"]!["activitiesAdded"]);
        Assert.AreEqual(2, (int?)root["summary"]!["connectionsRemoved"]);
        Assert.AreEqual(1, (int?)root["summary"]!["layoutChanges"]);
        Assert.IsTrue((bool?)root["hasBehaviouralChanges"]);
        Assert.IsFalse(root["activities"]!.AsObject().ContainsKey("count"), "counts live in the summary only");
    }

    [TestMethod]
    public void Json_round_trips()
    {
        var diff = SmallCase();
        var json = JsonSerializer.Serialize(diff, WorkflowJson.Options);

        var back = JsonSerializer.Deserialize<DefinitionDiff>(json, WorkflowJson.Options)!;

        Assert.AreEqual(diff.Summary, back.Summary);
        Assert.AreEqual(DiffTextFormatter.Format(diff), DiffTextFormatter.Format(back));
        Assert.AreEqual(json, JsonSerializer.Serialize(back, WorkflowJson.Options));
    }

    [TestMethod]
    public void Same_inputs_give_byte_identical_json()
    {
        Assert.AreEqual(
            JsonSerializer.Serialize(SmallCase(), WorkflowJson.Options),
            JsonSerializer.Serialize(SmallCase(), WorkflowJson.Options));
    }
}
