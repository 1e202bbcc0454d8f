using System.Text.Json.Nodes;
using Agent.Workflows.Versioning;
using static Agent.Workflows.Tests.Versioning.DiffTestData;

namespace Agent.Workflows.Tests.Versioning;

/// <summary>Designer-only changes are reported apart and never count as behavioural.</summary>
[TestClass]
public sealed class DefinitionDifferLayoutTests
{
    [TestMethod]
    public void Moving_an_activity_is_layout_only()
    {
        var (from, to) = Pair();
        to.Activity("a1").Metadata!["designer"]!["position"] = new JsonObject { ["x"] = 40, ["y"] = 20 };

        var diff = DefinitionDiffer.Compare(from, to);

        Assert.IsTrue(diff.HasChanges);
        Assert.IsFalse(diff.HasBehaviouralChanges);
        Assert.IsEmpty(diff.Activities.Changed);
        Assert.AreEqual(new ActivityMoveDiff("root/a1", "a1", new LayoutPoint(10, 20), new LayoutPoint(40, 20)), diff.Layout.Moved.Single());
        Assert.AreEqual(1, diff.Summary.LayoutChanges);
    }

    [TestMethod]
    public void Resizing_and_first_placement_are_layout_only()
    {
        var (from, to) = Pair();
        to.Activity("a1").Metadata!["designer"]!["size"] = new JsonObject { ["width"] = 120.5, ["height"] = 50 };
        to.Activity("a2").Metadata = new JsonObject { ["designer"] = new JsonObject { ["position"] = new JsonObject { ["x"] = 5, ["y"] = 6 } } };

        var diff = DefinitionDiffer.Compare(from, to);

        Assert.IsFalse(diff.HasBehaviouralChanges);
        Assert.AreEqual(new ActivityResizeDiff("root/a1", "a1", new LayoutSize(100, 50), new LayoutSize(120.5, 50)), diff.Layout.Resized.Single());
        Assert.AreEqual(new ActivityMoveDiff("root/a2", "a2", null, new LayoutPoint(5, 6)), diff.Layout.Moved.Single());
    }

    [TestMethod]
    public void Other_designer_metadata_is_layout_only()
    {
        var (from, to) = Pair();
        to.Activity("a1").Metadata!["displayText"] = "Begin";

        var diff = DefinitionDiffer.Compare(from, to);

        Assert.IsFalse(diff.HasBehaviouralChanges);
        var change = diff.Layout.Metadata.Single();
        Assert.AreEqual("root/a1", change.Path);
        Assert.AreEqual(new PropertyDiff("displayText", null, "\"Begin\""), change.Changes.Single());
    }

    [TestMethod]
    public void Redrawing_a_connection_is_layout_only()
    {
        var (from, to) = Pair();
        to.Root.Connections![1] = to.Root.Connections[1] with
        {
            Extra = new() { ["vertices"] = Json("""[ { "x": 3, "y": 4 }, { "x": 5, "y": 6 } ]""") },
        };
        to.Root.Connections[0] = to.Root.Connections[0] with { Extra = new() { ["vertices"] = Json("[]") } };

        var diff = DefinitionDiffer.Compare(from, to);

        Assert.IsFalse(diff.HasBehaviouralChanges, "an empty vertex list equals none, and redrawing is layout");
        var vertices = diff.Layout.Vertices.Single();
        Assert.AreEqual("a2:Done → a3:In", vertices.Connection.ToString());
        CollectionAssert.AreEqual(new[] { new LayoutPoint(1, 2) }, vertices.From.ToArray());
        CollectionAssert.AreEqual(new[] { new LayoutPoint(3, 4), new LayoutPoint(5, 6) }, vertices.To.ToArray());
    }

    [TestMethod]
    public void Layout_inside_a_nested_flowchart_keeps_its_path()
    {
        var (from, to) = Pair();
        to.Activity("sub1").Child("b2").Metadata = JsonNode.Parse("""{ "designer": { "position": { "x": 1, "y": 1 } } }""")!.AsObject();

        var diff = DefinitionDiffer.Compare(from, to);

        Assert.IsFalse(diff.HasBehaviouralChanges);
        Assert.AreEqual("root/sub1/b2", diff.Layout.Moved.Single().Path);
    }

    [TestMethod]
    public void Layout_change_alongside_a_behavioural_one_is_reported_in_both_places()
    {
        var (from, to) = Pair();
        var a2 = to.Activity("a2");
        a2.SetInput("value", Literal("2"));
        a2.Metadata = JsonNode.Parse("""{ "designer": { "position": { "x": 7, "y": 8 } } }""")!.AsObject();

        var diff = DefinitionDiffer.Compare(from, to);

        Assert.IsTrue(diff.HasBehaviouralChanges);
        Assert.AreEqual("value", diff.Activities.Changed.Single().Changes.Single().Property);
        Assert.AreEqual("a2", diff.Layout.Moved.Single().Id);
    }
}
