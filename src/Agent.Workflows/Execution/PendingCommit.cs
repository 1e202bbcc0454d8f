using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;

namespace Agent.Workflows.Execution;

/// <summary>
/// Changes of one run not yet written to the store. A durable store is flushed after every step; an
/// in-memory one when the run stops (see <see cref="IWorkflowInstanceStore.IsDurable"/>). A bookmark created
/// and dropped within the same batch never reaches the store.
/// </summary>
/// <remarks>
/// Lists are made when something is added and handed to the store as they are (a flush starts new ones), so a run
/// that adds no bookmark or incident allocates none, and the journal is not copied on its way out. A mutable struct
/// held in a field of <see cref="WorkflowExecution"/> (never copied), so a run does not pay an object for it.
/// </remarks>
internal struct PendingCommit
{
    private List<JournalEntry>? _journal;
    private List<Bookmark>? _added;
    private List<string>? _removed;
    private List<Incident>? _incidents;

    // Inverted so that the default value is the empty state a struct starts in.
    private bool _hasChanges;

    public readonly bool IsEmpty => !_hasChanges;

    /// <summary>Adds one journal entry; the first one sizes the list for <paramref name="expected"/> entries, so a run journals without regrowing it.</summary>
    public void AddJournal(JournalEntry entry, int expected)
    {
        _hasChanges = true;
        (_journal ??= new List<JournalEntry>(Math.Clamp(expected, 1, 64))).Add(entry);
    }

    public void Add(IReadOnlyList<Bookmark> added, IReadOnlyList<string> removed, IReadOnlyList<Incident> incidents)
    {
        _hasChanges = true;
        // Indexed loops: a foreach over the interfaces would box an enumerator per step.
        for (var i = 0; i < added.Count; i++) (_added ??= []).Add(added[i]);
        for (var i = 0; i < removed.Count; i++)
        {
            var id = removed[i];
            if (_added is null || _added.RemoveAll(b => b.Id == id) == 0) (_removed ??= []).Add(id);
        }
        for (var i = 0; i < incidents.Count; i++) (_incidents ??= []).Add(incidents[i]);
    }

    /// <summary>Writes everything pending as one commit of <paramref name="instance"/>.</summary>
    public Task FlushAsync(IWorkflowInstanceStore store, WorkflowInstance instance)
    {
        if (IsEmpty) return Task.CompletedTask;
        // Typed as the interfaces: `list ?? []` would make an empty List, not use the shared empty array.
        var commit = new InstanceCommit(instance, instance.Revision, (IReadOnlyList<JournalEntry>?)_journal ?? [],
            (IReadOnlyList<Bookmark>?)_added ?? [], (IReadOnlyList<string>?)_removed ?? [], (IReadOnlyList<Incident>?)_incidents ?? [])
        {
            JournalHandedOver = _journal is not null,
        };
        // The lists now belong to the commit (a store may keep them): the next changes start new ones. Taken before the
        // store is called, not after: a struct's async method would clear a copy. A failed commit fails the run, which
        // is not flushed again.
        _journal = null; _added = null; _removed = null; _incidents = null;
        _hasChanges = false;
        // Committing must not be interrupted by host shutdown: a half-made decision is worse than a late one.
        return store.CommitAsync(commit, CancellationToken.None);
    }
}
