namespace Agent.Workflows.Versioning;

/// <summary>
/// Collects findings while the differs walk both versions, then sorts everything once in
/// <see cref="Build"/>: keeping the ordering rules in one place is what makes output stable.
/// </summary>
internal sealed class DiffBuilder
{
    public List<PropertyDiff> Definition { get; } = [];
    public List<ActivityDiffEntry> ActivitiesAdded { get; } = [];
    public List<ActivityDiffEntry> ActivitiesRemoved { get; } = [];
    public List<ActivityChange> ActivitiesChanged { get; } = [];
    public List<ConnectionDiffEntry> ConnectionsAdded { get; } = [];
    public List<ConnectionDiffEntry> ConnectionsRemoved { get; } = [];
    public List<ConnectionChange> ConnectionsChanged { get; } = [];
    public List<VariableDiffEntry> VariablesAdded { get; } = [];
    public List<VariableDiffEntry> VariablesRemoved { get; } = [];
    public List<VariableChange> VariablesChanged { get; } = [];
    public List<ActivityMoveDiff> Moved { get; } = [];
    public List<ActivityResizeDiff> Resized { get; } = [];
    public List<ConnectionVerticesDiff> Vertices { get; } = [];
    public List<ActivityMetadataDiff> Metadata { get; } = [];

    public DefinitionDiff Build(string definitionId, string? name, int fromVersion, int toVersion) => new(
        definitionId, name, fromVersion, toVersion,
        // Definition changes keep the differ's fixed field order (name, description, inputs, …).
        Definition.ToList(),
        new ActivityDiffSet(
            ActivitiesAdded.OrderBy(a => a.Path, StringComparer.Ordinal).ToList(),
            ActivitiesRemoved.OrderBy(a => a.Path, StringComparer.Ordinal).ToList(),
            ActivitiesChanged.OrderBy(a => a.Path, StringComparer.Ordinal).ToList()),
        new ConnectionDiffSet(
            Sort(ConnectionsAdded, c => c),
            Sort(ConnectionsRemoved, c => c),
            Sort(ConnectionsChanged, c => c.Connection)),
        new VariableDiffSet(
            VariablesAdded.OrderBy(v => v.Id, StringComparer.Ordinal).ThenBy(v => v.Name, StringComparer.Ordinal).ToList(),
            VariablesRemoved.OrderBy(v => v.Id, StringComparer.Ordinal).ThenBy(v => v.Name, StringComparer.Ordinal).ToList(),
            VariablesChanged.OrderBy(v => v.Id, StringComparer.Ordinal).ThenBy(v => v.Name, StringComparer.Ordinal).ToList()),
        new LayoutDiff(
            Moved.OrderBy(m => m.Path, StringComparer.Ordinal).ToList(),
            Resized.OrderBy(r => r.Path, StringComparer.Ordinal).ToList(),
            Sort(Vertices, v => v.Connection),
            Metadata.OrderBy(m => m.Path, StringComparer.Ordinal).ToList()));

    private static List<T> Sort<T>(IEnumerable<T> items, Func<T, ConnectionDiffEntry> key) => items
        .OrderBy(i => key(i).Container, StringComparer.Ordinal)
        .ThenBy(i => key(i).Source, StringComparer.Ordinal)
        .ThenBy(i => key(i).SourcePort, StringComparer.Ordinal)
        .ThenBy(i => key(i).Target, StringComparer.Ordinal)
        .ThenBy(i => key(i).TargetPort, StringComparer.Ordinal)
        .ToList();
}
