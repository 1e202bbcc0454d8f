using System.Text.Json.Serialization;

namespace Agent.Workflows.Versioning;

/// <summary>Activities added, removed and changed between two versions, each list sorted by path.</summary>
public sealed record ActivityDiffSet(
    IReadOnlyList<ActivityDiffEntry> Added,
    IReadOnlyList<ActivityDiffEntry> Removed,
    IReadOnlyList<ActivityChange> Changed)
{
    /// <summary>Total number of entries; the summary carries it in JSON.</summary>
    [JsonIgnore]
    public int Count => Added.Count + Removed.Count + Changed.Count;
}

/// <summary>An activity that exists in only one of the two versions.</summary>
/// <param name="Path">Ids from the root flowchart down, joined by <c>/</c>: <c>root/sub1/a3</c>.</param>
/// <param name="Id">The activity id.</param>
/// <param name="Type">The activity type, e.g. <c>Elsa.WriteLine</c>.</param>
/// <param name="Name">The display name, when the activity has one.</param>
public sealed record ActivityDiffEntry(
    string Path,
    string Id,
    string Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name);

/// <summary>An activity present in both versions whose behaviour-relevant properties differ.</summary>
/// <param name="Path">Ids from the root flowchart down, joined by <c>/</c>.</param>
/// <param name="Id">The activity id.</param>
/// <param name="Type">The activity type in the newer version.</param>
/// <param name="Changes">What changed, in a stable order: type, version, name, inputs by name, custom properties.</param>
public sealed record ActivityChange(string Path, string Id, string Type, IReadOnlyList<PropertyDiff> Changes);
