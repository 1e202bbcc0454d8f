using Agent.Workflows.Runtime;

namespace Agent.Workflows.Persistence;

/// <summary>Checks and normalizations every store applies to a commit before writing, so all stores agree.</summary>
internal static class CommitRules
{
    /// <summary>
    /// Rejects malformed commits and returns the bookmarks to add with their instance id filled in.
    /// Everything in a commit belongs to the committed instance; a row naming another instance is a caller bug.
    /// </summary>
    public static IReadOnlyList<Bookmark> Validate(InstanceCommit commit)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentNullException.ThrowIfNull(commit.Instance);
        var id = commit.Instance.Id;
        if (string.IsNullOrEmpty(id)) throw new ArgumentException("The committed instance has no id.", nameof(commit));
        if (commit.ExpectedRevision < 0)
            throw new ArgumentOutOfRangeException(nameof(commit), commit.ExpectedRevision, "ExpectedRevision cannot be negative.");

        // An indexed loop: foreach over an IReadOnlyList allocates an enumerator, on every commit.
        var journal = commit.Journal;
        for (var i = 0; i < journal.Count; i++)
        {
            var entry = journal[i];
            if (!BelongsTo(entry.InstanceId, id))
                throw new ArgumentException($"Journal entry {entry.Sequence} names instance '{entry.InstanceId}', not the committed instance '{id}'.", nameof(commit));
        }

        if (commit.AddedBookmarks.Count == 0) return [];
        var bookmarks = new Bookmark[commit.AddedBookmarks.Count];
        for (var i = 0; i < bookmarks.Length; i++)
        {
            var b = commit.AddedBookmarks[i];
            if (string.IsNullOrEmpty(b.Id)) throw new ArgumentException("A bookmark to add has no id.", nameof(commit));
            if (!BelongsTo(b.InstanceId, id))
                throw new ArgumentException($"Bookmark '{b.Id}' names instance '{b.InstanceId}', not the committed instance '{id}'.", nameof(commit));
            bookmarks[i] = string.IsNullOrEmpty(b.InstanceId) ? b with { InstanceId = id } : b;
        }
        return bookmarks;
    }

    private static bool BelongsTo(string? instanceId, string id) => string.IsNullOrEmpty(instanceId) || instanceId == id;

    public static ConcurrencyConflictException RevisionConflict(string instanceId, long expected) => new(expected == 0
        ? $"Instance '{instanceId}' already exists; a new instance cannot be committed twice."
        : $"Instance '{instanceId}' is no longer at revision {expected}: another writer committed it first (or it does not exist).");

    public static ConcurrencyConflictException MissingBookmark(string instanceId, string bookmarkId) =>
        new($"Bookmark '{bookmarkId}' of instance '{instanceId}' no longer exists: it was resumed or removed by another writer.");

    public static ConcurrencyConflictException DuplicateBookmark(string bookmarkId) =>
        new($"Bookmark '{bookmarkId}' already exists.");
}
