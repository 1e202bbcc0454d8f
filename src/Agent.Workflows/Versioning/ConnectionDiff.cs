using System.Text.Json.Serialization;

namespace Agent.Workflows.Versioning;

/// <summary>Connections added, removed and changed between two versions, each list sorted by endpoints.</summary>
public sealed record ConnectionDiffSet(
    IReadOnlyList<ConnectionDiffEntry> Added,
    IReadOnlyList<ConnectionDiffEntry> Removed,
    IReadOnlyList<ConnectionChange> Changed)
{
    /// <summary>Total number of entries; the summary carries it in JSON.</summary>
    [JsonIgnore]
    public int Count => Added.Count + Removed.Count + Changed.Count;
}

/// <summary>
/// A connection's identity: the flowchart holding it plus both endpoints. Vertices are not part of
/// it, so redrawing a line is a layout change rather than a removal and an addition.
/// </summary>
/// <param name="Container">Path of the flowchart that holds the connection, e.g. <c>root</c> or <c>root/sub1</c>.</param>
/// <param name="Source">Source activity id.</param>
/// <param name="SourcePort">Source outcome port, when given.</param>
/// <param name="Target">Target activity id.</param>
/// <param name="TargetPort">Target port, when given.</param>
public sealed record ConnectionDiffEntry(string Container, string Source, string? SourcePort, string Target, string? TargetPort)
{
    /// <summary>Renders <c>a2:Done → a9:In</c>; a missing port leaves just the activity id.</summary>
    public override string ToString() => $"{End(Source, SourcePort)} → {End(Target, TargetPort)}";

    private static string End(string activity, string? port) => port is null ? activity : $"{activity}:{port}";
}

/// <summary>A connection present in both versions whose non-layout properties differ.</summary>
/// <param name="Connection">The connection.</param>
/// <param name="Changes">The differing properties, by name.</param>
public sealed record ConnectionChange(ConnectionDiffEntry Connection, IReadOnlyList<PropertyDiff> Changes);
