using System.Text.Json.Serialization;

namespace Agent.Workflows.Versioning;

/// <summary>
/// The structural difference between two versions of a workflow definition, as produced by
/// <see cref="DefinitionDiffer.Compare"/>. Every list is sorted so that the same pair of versions always
/// yields the same JSON and text. Serialize it with <see cref="Model.WorkflowJson.Options"/>.
/// </summary>
/// <param name="DefinitionId">The definition both versions belong to (the newer one's id).</param>
/// <param name="Name">The newer version's name, used as the heading of the text form.</param>
/// <param name="FromVersion">Version number of the older side.</param>
/// <param name="ToVersion">Version number of the newer side.</param>
/// <param name="Definition">Definition-level changes: name, description, inputs, outputs, outcomes, options, custom properties.</param>
/// <param name="Activities">Activities added, removed and changed, nested flowcharts included.</param>
/// <param name="Connections">Connections added, removed and changed.</param>
/// <param name="Variables">Variables added, removed and changed.</param>
/// <param name="Layout">Designer-only changes, which never count as behavioural.</param>
public sealed record DefinitionDiff(
    string DefinitionId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name,
    int FromVersion,
    int ToVersion,
    IReadOnlyList<PropertyDiff> Definition,
    ActivityDiffSet Activities,
    ConnectionDiffSet Connections,
    VariableDiffSet Variables,
    LayoutDiff Layout)
{
    /// <summary>True when anything other than layout differs, i.e. the newer version may run differently.</summary>
    public bool HasBehaviouralChanges =>
        Definition.Count > 0 || Activities.Count > 0 || Connections.Count > 0 || Variables.Count > 0;

    /// <summary>True when the two versions differ in any way, layout included.</summary>
    public bool HasChanges => HasBehaviouralChanges || Layout.Count > 0;

    /// <summary>Counts per kind of change, for dashboards and quick checks.</summary>
    public DiffSummary Summary => new(
        Activities.Added.Count, Activities.Removed.Count, Activities.Changed.Count,
        Connections.Added.Count, Connections.Removed.Count, Connections.Changed.Count,
        Variables.Added.Count, Variables.Removed.Count, Variables.Changed.Count,
        Definition.Count, Layout.Count);
}

/// <summary>How many changes of each kind a <see cref="DefinitionDiff"/> holds.</summary>
public sealed record DiffSummary(
    int ActivitiesAdded,
    int ActivitiesRemoved,
    int ActivitiesChanged,
    int ConnectionsAdded,
    int ConnectionsRemoved,
    int ConnectionsChanged,
    int VariablesAdded,
    int VariablesRemoved,
    int VariablesChanged,
    int DefinitionChanges,
    int LayoutChanges);
