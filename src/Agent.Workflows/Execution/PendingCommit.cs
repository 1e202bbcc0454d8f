using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;

namespace Agent.Workflows.Execution;

/// <summary>
/// Changes of one run not yet written to the store. A durable store is flushed after every step; an
/// in-memory one when the run stops (see <see cref="IWorkflowInstanceStore.IsDurable"/>). A bookmark created
/// and dropped within the same batch never reaches the store.
/// </summary>
internal sealed class PendingCommit
{
    private readonly List<JournalEntry> _journal = [];
    private readonly List<Bookmark> _added = [];
    private readonly List<string> _removed = [];
    private readonly List<Incident> _incidents = [];

    public bool IsEmpty { get; private set; } = true;

    public void Add(IReadOnlyList<JournalEntry> journal, IReadOnlyList<Bookmark> added, IReadOnlyList<string> removed, IReadOnlyList<Incident> incidents)
    {
        IsEmpty = false;
        _journal.AddRange(journal);
        _added.AddRange(added);
        foreach (var id in removed)
            if (_added.RemoveAll(b => b.Id == id) == 0) _removed.Add(id);
        _incidents.AddRange(incidents);
    }

    /// <summary>Writes everything pending as one commit of <paramref name="instance"/>.</summary>
    public async Task FlushAsync(IWorkflowInstanceStore store, WorkflowInstance instance)
    {
        if (IsEmpty) return;
        // Committing must not be interrupted by host shutdown: a half-made decision is worse than a late one.
        await store.CommitAsync(new InstanceCommit(instance, instance.Revision, [.. _journal], [.. _added], [.. _removed], [.. _incidents]), CancellationToken.None);
        _journal.Clear(); _added.Clear(); _removed.Clear(); _incidents.Clear();
        IsEmpty = true;
    }
}
