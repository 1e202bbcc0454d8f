using System.Text.Json.Serialization;

namespace Agent.Workflows.Versioning;

/// <summary>Variables added, removed and changed between two versions, each list sorted by id.</summary>
public sealed record VariableDiffSet(
    IReadOnlyList<VariableDiffEntry> Added,
    IReadOnlyList<VariableDiffEntry> Removed,
    IReadOnlyList<VariableChange> Changed)
{
    /// <summary>Total number of entries; the summary carries it in JSON.</summary>
    [JsonIgnore]
    public int Count => Added.Count + Removed.Count + Changed.Count;
}

/// <summary>A variable that exists in only one of the two versions.</summary>
public sealed record VariableDiffEntry(string Id, string Name, string TypeName);

/// <summary>A variable present in both versions (matched by id, else by name) whose declaration differs.</summary>
/// <param name="Id">The variable id in the newer version.</param>
/// <param name="Name">The variable name in the newer version.</param>
/// <param name="Changes">What changed: id, name, typeName, isArray, value, storageDriverTypeName, unknown fields.</param>
public sealed record VariableChange(string Id, string Name, IReadOnlyList<PropertyDiff> Changes);
