using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Agent.Workflows.Model;

namespace Agent.Workflows.Versioning;

/// <summary>
/// Compares the designer-only part of an activity: <c>metadata.designer.position</c>,
/// <c>metadata.designer.size</c>, and whatever else the designer keeps in metadata.
/// Everything found here is layout, never behaviour.
/// </summary>
internal static class ActivityLayoutDiffer
{
    public static void Compare(string path, ActivityNode from, ActivityNode to, DiffBuilder diff)
    {
        var fromDesigner = from.Metadata?["designer"] as JsonObject;
        var toDesigner = to.Metadata?["designer"] as JsonObject;

        var (p1, p2) = (ReadPoint(fromDesigner?["position"]), ReadPoint(toDesigner?["position"]));
        if (p1 != p2) diff.Moved.Add(new ActivityMoveDiff(path, to.Id, p1, p2));

        var (s1, s2) = (ReadSize(fromDesigner?["size"]), ReadSize(toDesigner?["size"]));
        if (s1 != s2) diff.Resized.Add(new ActivityResizeDiff(path, to.Id, s1, s2));

        var metadata = DiffJson.CompareObjects("", WithoutGeometry(from.Metadata), WithoutGeometry(to.Metadata)).ToList();
        if (metadata.Count > 0) diff.Metadata.Add(new ActivityMetadataDiff(path, to.Id, metadata));
    }

    /// <summary>Reads <c>{x, y}</c>; a missing coordinate is 0, as the designer draws it.</summary>
    internal static LayoutPoint? ReadPoint(JsonNode? node) =>
        node is JsonObject o ? new LayoutPoint(Number(o["x"]), Number(o["y"])) : null;

    private static LayoutSize? ReadSize(JsonNode? node) =>
        node is JsonObject o ? new LayoutSize(Number(o["width"]), Number(o["height"])) : null;

    /// <summary>
    /// Reads any JSON number. Going through the JSON text matters: a value built in code as an int
    /// refuses <c>TryGetValue&lt;double&gt;</c>, while one parsed from a file accepts it.
    /// </summary>
    private static double Number(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            ? double.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)
            : 0;

    /// <summary>Metadata minus position and size, which are reported on their own.</summary>
    private static JsonObject? WithoutGeometry(JsonObject? metadata)
    {
        if (metadata is null) return null;
        var copy = (JsonObject)metadata.DeepClone();
        if (copy["designer"] is JsonObject designer)
        {
            designer.Remove("position");
            designer.Remove("size");
            if (designer.Count == 0) copy.Remove("designer");
        }
        return copy;
    }
}
