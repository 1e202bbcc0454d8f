using System.Collections.Concurrent;
using System.Collections.Immutable;
using Agent.Workflows.Descriptors;
using Agent.Workflows.Model;

namespace Agent.Workflows.Activities.Workflows;

/// <summary>
/// What the engine knows of the stored definitions to use them as activities and to find cycles between them: for every
/// definition, its published version and the versions of it usable as an activity. Kept in step with the definition
/// store (<see cref="WorkflowActivityCatalogLoader"/>), it also keeps the <see cref="ActivityRegistry"/> in step: a
/// published definition usable as an activity is an activity type, until it is retracted, deleted or no longer usable.
/// </summary>
public sealed class WorkflowActivityCatalog(ActivityRegistry registry)
{
    private readonly Lock _gate = new();
    private ImmutableDictionary<string, Entry> _entries = ImmutableDictionary.Create<string, Entry>(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _references = new(StringComparer.Ordinal);
    private long _generation;

    /// <summary>Changes with every update, so compiled workflows that inline another definition know to compile again.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>
    /// Records the state of one definition: <paramref name="published"/> is its published version (null when none, or
    /// when the definition was deleted together with <paramref name="exists"/> false), <paramref name="latest"/> its
    /// latest version, <paramref name="versions"/> its other versions usable as an activity that a node may name.
    /// </summary>
    public void Update(string definitionId, bool exists, WorkflowDefinition? published, IReadOnlyList<WorkflowDefinition> versions, WorkflowDefinition? latest = null)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(definitionId, out var old) && old.TypeName is { } oldName) registry.UnregisterWorkflow(oldName, definitionId);
            if (!exists) { _entries = _entries.Remove(definitionId); Interlocked.Increment(ref _generation); return; }
            string? typeName = null;
            if (published is not null && WorkflowActivityTypes.IsUsableAsActivity(published))
            {
                var type = ActivityType.ForWorkflow(WorkflowActivityTypes.Describe(published), definitionId, _ => new WorkflowDefinitionActivity { DefinitionId = definitionId });
                // A name taken by an activity class stays the class's; nodes of the workflow still name it by workflowDefinitionId.
                try { registry.RegisterWorkflow(type); typeName = type.Descriptor.TypeName; }
                catch (ArgumentException) { typeName = null; }
            }
            _entries = _entries.SetItem(definitionId, new Entry(published, versions, latest, typeName));
            Interlocked.Increment(ref _generation);
        }
    }

    /// <summary>
    /// The definition whose activity type name is <paramref name="typeName"/> — by its published version, else its latest —
    /// even when it is not an activity type right now (retracted, not usable), so a node naming only its type still
    /// finds it and gets a precise error, or keeps running.
    /// </summary>
    public string? FindByTypeName(string typeName) =>
        _entries.Where(e => (e.Value.Published ?? e.Value.Latest) is { } d && WorkflowActivityTypes.TypeName(d) == typeName)
            .Select(e => e.Key).Order(StringComparer.Ordinal).FirstOrDefault();

    /// <summary>True when a definition with this id is stored.</summary>
    public bool Exists(string definitionId) => _entries.ContainsKey(definitionId);

    /// <summary>The published version of a definition, or null.</summary>
    public WorkflowDefinition? FindPublished(string definitionId) => _entries.TryGetValue(definitionId, out var e) ? e.Published : null;

    /// <summary>
    /// The version a workflow activity runs, by Elsa's rule: the version with id <paramref name="versionId"/>, else the
    /// version numbered <paramref name="version"/>, else the published version — among the versions usable as an activity.
    /// With <paramref name="lenient"/> (an instance already running), a version that is no longer published or usable
    /// still counts, and the latest version is the last resort, as in Elsa; so retracting a workflow does not strand
    /// the instances that use it.
    /// </summary>
    public WorkflowDefinition? ResolveVersion(string definitionId, string? versionId, int? version, bool lenient = false, bool requireUsable = true)
    {
        if (!_entries.TryGetValue(definitionId, out var e)) return null;
        bool Allowed(WorkflowDefinition v) => lenient || !requireUsable || WorkflowActivityTypes.IsUsableAsActivity(v);
        var candidates = e.Versions.Append(e.Published).Append(lenient ? e.Latest : null).OfType<WorkflowDefinition>().Where(Allowed).ToList();
        return (versionId is { Length: > 0 } ? candidates.FirstOrDefault(v => v.Id == versionId) : null)
            ?? (version is { } n ? candidates.FirstOrDefault(v => v.Version == n) : null)
            ?? (e.Published is { } p && Allowed(p) ? p : null)
            ?? (lenient ? e.Latest : null);
    }

    /// <summary>
    /// The definition ids the published version of <paramref name="definitionId"/> refers to (see <see cref="WorkflowReferences"/>);
    /// cached by version id, as a published version is never edited.
    /// </summary>
    public IReadOnlyList<string> ReferencesOf(string definitionId) =>
        FindPublished(definitionId) is { } p ? _references.GetOrAdd(p.Id, _ => WorkflowReferences.Of(p.Root)) : [];

    private sealed record Entry(WorkflowDefinition? Published, IReadOnlyList<WorkflowDefinition> Versions, WorkflowDefinition? Latest, string? TypeName);
}
