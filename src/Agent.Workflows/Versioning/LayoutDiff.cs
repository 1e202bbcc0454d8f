using System.Globalization;
using System.Text.Json.Serialization;

namespace Agent.Workflows.Versioning;

/// <summary>
/// Designer-only differences: where activities sit, how big they are, how lines are drawn and other
/// designer metadata. None of these alter what a workflow does, so they never count as behavioural.
/// </summary>
public sealed record LayoutDiff(
    IReadOnlyList<ActivityMoveDiff> Moved,
    IReadOnlyList<ActivityResizeDiff> Resized,
    IReadOnlyList<ConnectionVerticesDiff> Vertices,
    IReadOnlyList<ActivityMetadataDiff> Metadata)
{
    /// <summary>Total number of entries; the summary carries it in JSON.</summary>
    [JsonIgnore]
    public int Count => Moved.Count + Resized.Count + Vertices.Count + Metadata.Count;
}

/// <summary>A designer coordinate.</summary>
public sealed record LayoutPoint(double X, double Y)
{
    /// <summary>Renders <c>(100,200)</c>.</summary>
    public override string ToString() => $"({Num(X)},{Num(Y)})";

    internal static string Num(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
}

/// <summary>A designer size.</summary>
public sealed record LayoutSize(double Width, double Height)
{
    /// <summary>Renders <c>200x50</c>.</summary>
    public override string ToString() => $"{LayoutPoint.Num(Width)}x{LayoutPoint.Num(Height)}";
}

/// <summary>An activity whose designer position changed; a null side means no position was stored.</summary>
public sealed record ActivityMoveDiff(
    string Path,
    string Id,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] LayoutPoint? From,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] LayoutPoint? To);

/// <summary>An activity whose designer size changed; a null side means no size was stored.</summary>
public sealed record ActivityResizeDiff(
    string Path,
    string Id,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] LayoutSize? From,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] LayoutSize? To);

/// <summary>A connection whose drawn vertices changed; an absent list reads as empty.</summary>
public sealed record ConnectionVerticesDiff(
    ConnectionDiffEntry Connection,
    IReadOnlyList<LayoutPoint> From,
    IReadOnlyList<LayoutPoint> To);

/// <summary>An activity whose other designer metadata changed (display text, collapsed state, …).</summary>
public sealed record ActivityMetadataDiff(string Path, string Id, IReadOnlyList<PropertyDiff> Changes);
