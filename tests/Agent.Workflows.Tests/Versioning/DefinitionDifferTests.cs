using System.Text.Json.Nodes;
using Agent.Workflows.Model;
using Agent.Workflows.Versioning;
using static Agent.Workflows.Tests.Versioning.DiffTestData;

namespace Agent.Workflows.Tests.Versioning;

/// <summary>Behavioural changes: activities, inputs, connections, variables, definition fields, nesting.</summary>
[TestClass]
public sealed class DefinitionDifferTests
{
    [TestMethod]
    public void Identical_versions_have_no_differences()
    {
        var (from, to) = Pair();

        var diff = DefinitionDiffer.Compare(from, to);

        Assert.IsFalse(diff.HasChanges);
        Assert.IsFalse(diff.HasBehaviouralChanges);
        Assert.AreEqual(new DiffSummary(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), diff.Summary);
        Assert.AreEqual(2, diff.FromVersion);
        Assert.AreEqual(3, diff.ToVersion);
    }

    [TestMethod]
    public void Reordered_properties_whitespace_and_number_spelling_are_not_changes()
    {
        var from = Parse(BaseJson);
        // Same content: keys reordered, extra whitespace, 1 written as 1.0, a null property that was absent.
        var to = Parse(BaseJson
            .Replace("""{ "typeName": "Object", "expression": { "type": "Literal", "value": "1" } }""",
                     """{"expression":{"value":"1",   "type":"Literal"},"typeName":"Object"}""")
            .Replace("""{ "x": 10, "y": 20 }""", """{ "y": 20.0, "x": 1e1 }""")
            .Replace("""{ "id": "var1", "name": "Counter", "typeName": "Int32", "value": 1 }""",
                     """{ "value": 1.0, "typeName": "Int32", "name": "Counter", "id": "var1" }""")
            .Replace("""{ "id": "b2", "type": "Elsa.End" }""", """{ "id": "b2", "type": "Elsa.End", "note": null }"""));

        var diff = DefinitionDiffer.Compare(from, to);

        Assert.IsFalse(diff.HasChanges, DiffTextFormatter.Format(diff));
    }

    [TestMethod]
    public void Added_and_removed_activities_carry_type_and_name()
    {
        var (from, to) = Pair();
        to.Root.Activities!.Add(ParseActivity("""{ "id": "a9", "type": "Elsa.WriteLine", "name": "Log" }"""));
        to.Root.Activities.Remove(to.Activity("a3"));

        var diff = DefinitionDiffer.Compare(from, to);

        Assert.AreEqual(new ActivityDiffEntry("root/a9", "a9", "Elsa.WriteLine", "Log"), diff.Activities.Added.Single());
        Assert.AreEqual(new ActivityDiffEntry("root/a3", "a3", "Elsa.Delay", null), diff.Activities.Removed.Single());
        Assert.IsTrue(diff.HasBehaviouralChanges);
    }

    [TestMethod]
    public void Changed_input_reports_expression_type_and_value()
    {
        var (from, to) = Pair();
        to.Activity("a2").SetInput("value", Literal("2"));
        to.Activity("a3").SetInput("timeSpan", new InputValue("TimeSpan", ExpressionModel.JavaScript("getX()")));

        var diff = DefinitionDiffer.Compare(from, to);

        Assert.HasCount(2, diff.Activities.Changed);
        var a2 = diff.Activities.Changed[0];
        Assert.AreEqual("a2", a2.Id);
        Assert.AreEqual("Elsa.SetVariable", a2.Type);
        Assert.AreEqual(new PropertyDiff("value", "Literal \"1\"", "Literal \"2\""), a2.Changes.Single());
        Assert.AreEqual(new PropertyDiff("timeSpan", "Literal \"00:00:01\"", "JavaScript \"getX()\""), diff.Activities.Changed[1].Changes.Single());
    }

    [TestMethod]
    public void Input_type_name_is_shown_only_when_it_changed()
    {
        var (from, to) = Pair();
        to.Activity("a2").SetInput("value", Literal("1", typeName: "String"));

        var change = DefinitionDiffer.Compare(from, to).Activities.Changed.Single().Changes.Single();

        Assert.AreEqual(new PropertyDiff("value", "Literal \"1\" (Object)", "Literal \"1\" (String)"), change);
    }

    [TestMethod]
    public void Added_and_removed_inputs_and_unknown_properties_are_reported()
    {
        var (from, to) = Pair();
        to.Activity("a3").Properties!.Remove("timeSpan");
        to.Activity("a3").Properties!["runAsynchronously"] = Json("true");

        var changes = DefinitionDiffer.Compare(from, to).Activities.Changed.Single().Changes;

        CollectionAssert.AreEqual(
            new[] { new PropertyDiff("runAsynchronously", null, "true"), new PropertyDiff("timeSpan", "Literal \"00:00:01\"", null) },
            changes.ToArray());
    }

    [TestMethod]
    public void Type_name_version_and_custom_property_changes_are_reported_in_order()
    {
        var (from, to) = Pair();
        var a3 = to.Activity("a3");
        a3.Type = "Elsa.Timer";
        a3.Version = 2;
        a3.Name = "Wait";
        a3.CustomProperties = new JsonObject { ["retries"] = 3 };

        var change = DefinitionDiffer.Compare(from, to).Activities.Changed.Single();

        Assert.AreEqual("Elsa.Timer", change.Type);
        CollectionAssert.AreEqual(
            new[]
            {
                new PropertyDiff("type", "Elsa.Delay", "Elsa.Timer"),
                new PropertyDiff("version", "1", "2"),
                new PropertyDiff("name", null, "\"Wait\""),
                new PropertyDiff("customProperties.retries", null, "3"),
            },
            change.Changes.ToArray());
    }

    [TestMethod]
    public void Nested_flowchart_changes_use_paths_and_name_their_container()
    {
        var (from, to) = Pair();
        var sub = to.Activity("sub1");
        sub.Child("b1").SetInput("text", new InputValue("String", ExpressionModel.Literal("hello")));
        sub.Activities!.Add(ParseActivity("""{ "id": "b3", "type": "Elsa.Delay" }"""));
        sub.Connections!.Add(Connection.Create("b2", "Done", "b3"));

        var diff = DefinitionDiffer.Compare(from, to);

        Assert.AreEqual("root/sub1/b1", diff.Activities.Changed.Single().Path);
        Assert.AreEqual("root/sub1/b3", diff.Activities.Added.Single().Path);
        Assert.AreEqual(new ConnectionDiffEntry("root/sub1", "b2", "Done", "b3", "In"), diff.Connections.Added.Single());
    }

    [TestMethod]
    public void Children_of_a_removed_container_are_not_listed_separately()
    {
        var (from, to) = Pair();
        to.Root.Activities!.Remove(to.Activity("sub1"));
        to.Root.Connections!.RemoveAt(2);

        var diff = DefinitionDiffer.Compare(from, to);

        Assert.AreEqual("root/sub1", diff.Activities.Removed.Single().Path);
        Assert.AreEqual(new ConnectionDiffEntry("root", "a3", "Done", "sub1", "In"), diff.Connections.Removed.Single());
    }

    [TestMethod]
    public void Reordering_children_of_a_sequence_is_behavioural_but_of_a_flowchart_is_not()
    {
        var from = Parse(BaseJson);
        var to = Parse(BaseJson);
        to.Root.Activities!.Reverse();
        Assert.IsFalse(DefinitionDiffer.Compare(from, to).HasChanges, "flowchart order is irrelevant");

        var seq = """{ "id": "root", "type": "Elsa.Sequence", "activities": [ { "id": "s1", "type": "A" }, { "id": "s2", "type": "B" } ] }""";
        from.Root = ParseActivity(seq);
        to.Root = ParseActivity(seq);
        to.Root.Activities!.Reverse();

        var change = DefinitionDiffer.Compare(from, to).Activities.Changed.Single();
        Assert.AreEqual(new PropertyDiff("activities.order", "[s1, s2]", "[s2, s1]"), change.Changes.Single());
    }

    [TestMethod]
    public void Connections_are_identified_by_both_activities_and_ports()
    {
        var (from, to) = Pair();
        to.Root.Connections![0] = Connection.Create("a1", "Failed", "a2");
        to.Root.Connections.Add(Connection.Create("a2", "Done", "a9"));

        var diff = DefinitionDiffer.Compare(from, to);

        CollectionAssert.AreEqual(
            new[] { new ConnectionDiffEntry("root", "a1", "Failed", "a2", "In"), new ConnectionDiffEntry("root", "a2", "Done", "a9", "In") },
            diff.Connections.Added.ToArray());
        Assert.AreEqual(new ConnectionDiffEntry("root", "a1", "Done", "a2", "In"), diff.Connections.Removed.Single());
    }

    [TestMethod]
    public void Unknown_connection_properties_other_than_vertices_are_behavioural()
    {
        var (from, to) = Pair();
        to.Root.Connections![0] = to.Root.Connections[0] with { Extra = new() { ["condition"] = Json("\"x > 1\"") } };

        var diff = DefinitionDiffer.Compare(from, to);

        var change = diff.Connections.Changed.Single();
        Assert.AreEqual("a1:Done → a2:In", change.Connection.ToString());
        Assert.AreEqual(new PropertyDiff("condition", null, "\"x > 1\""), change.Changes.Single());
        Assert.IsTrue(diff.HasBehaviouralChanges);
    }

    [TestMethod]
    public void Variables_are_added_removed_and_changed()
    {
        var (from, to) = Pair();
        to.Variables[0].TypeName = "Int64";
        to.Variables[0].Value = JsonValue.Create(5);
        to.Variables.RemoveAt(1);
        to.Variables.Add(new VariableDefinition { Id = "var3", Name = "Flag", TypeName = "Boolean" });

        var diff = DefinitionDiffer.Compare(from, to);

        Assert.AreEqual(new VariableDiffEntry("var3", "Flag", "Boolean"), diff.Variables.Added.Single());
        Assert.AreEqual(new VariableDiffEntry("var2", "Message", "String"), diff.Variables.Removed.Single());
        var changed = diff.Variables.Changed.Single();
        Assert.AreEqual("Counter", changed.Name);
        CollectionAssert.AreEqual(
            new[] { new PropertyDiff("typeName", "Int32", "Int64"), new PropertyDiff("value", "1", "5") },
            changed.Changes.ToArray());
    }

    [TestMethod]
    public void Variables_fall_back_to_name_when_the_id_changed()
    {
        var (from, to) = Pair();
        to.Variables[1].Id = "regenerated";
        to.Variables[0].Name = "Count";

        var diff = DefinitionDiffer.Compare(from, to);

        Assert.IsEmpty(diff.Variables.Added);
        Assert.IsEmpty(diff.Variables.Removed);
        CollectionAssert.AreEqual(
            new[]
            {
                new VariableChange("regenerated", "Message", [new PropertyDiff("id", "\"var2\"", "\"regenerated\"")]),
                new VariableChange("var1", "Count", [new PropertyDiff("name", "\"Counter\"", "\"Count\"")]),
            }.Select(Describe).ToArray(),
            diff.Variables.Changed.Select(Describe).ToArray());
    }

    [TestMethod]
    public void Definition_level_changes_are_reported()
    {
        var (from, to) = Pair();
        to.Name = "Improvement loop";
        to.Description = null;
        to.Inputs[0].Type = "Int64";
        to.Inputs.Add(new InputDefinition { Name = "Reason", Type = "String" });
        to.Outputs.Clear();
        to.Options["usableAsActivity"] = true;
        to.CustomProperties["owner"] = "team-b";

        var diff = DefinitionDiffer.Compare(from, to);

        CollectionAssert.AreEqual(
            new[]
            {
                new PropertyDiff("name", "\"Improvement cycle\"", "\"Improvement loop\""),
                new PropertyDiff("description", "\"Improves things\"", null),
                new PropertyDiff("inputs.Amount.type", "Int32", "Int64"),
                new PropertyDiff("inputs.Reason", null, "String"),
                new PropertyDiff("outputs.Result", "String", null),
                new PropertyDiff("options.usableAsActivity", "false", "true"),
                new PropertyDiff("customProperties.owner", "\"team-a\"", "\"team-b\""),
            },
            diff.Definition.ToArray());
        Assert.IsTrue(diff.HasBehaviouralChanges);
    }

    [TestMethod]
    public void Version_bookkeeping_is_not_a_change()
    {
        var (from, to) = Pair();
        to.CreatedAt = DateTimeOffset.UnixEpoch;
        to.IsPublished = true;
        to.IsLatest = true;
        to.ToolVersion = "3.5.0";

        Assert.IsFalse(DefinitionDiffer.Compare(from, to).HasChanges);
    }

    [TestMethod]
    public void Output_is_sorted_by_id_whatever_the_insertion_order()
    {
        var (from, to) = Pair();
        foreach (var id in new[] { "z1", "a9", "m5" })
            to.Root.Activities!.Insert(0, ParseActivity($$"""{ "id": "{{id}}", "type": "Elsa.Delay" }"""));

        var diff = DefinitionDiffer.Compare(from, to);

        CollectionAssert.AreEqual(new[] { "a9", "m5", "z1" }, diff.Activities.Added.Select(a => a.Id).ToArray());
    }

    private static string Describe(VariableChange c) => $"{c.Id}/{c.Name}: {string.Join("; ", c.Changes)}";
}
