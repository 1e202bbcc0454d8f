using Agent.Workflows.Runtime;

namespace Agent.Workflows.Persistence.Retention;

/// <summary>What retention does to a finished instance it no longer keeps.</summary>
public enum RetentionMode
{
    /// <summary>Deletes the instance with its journal, bookmarks, incidents and lease (Elsa's delete policy).</summary>
    Delete,

    /// <summary>Deletes only the journal (the activity execution log); the instance row and its state stay.</summary>
    DeleteJournal,
}

/// <summary>
/// How long finished instances are kept (configuration section <c>Retention:FinishedInstances</c>), shaped like Elsa's
/// retention module: a time to live, a sweep interval and a page size, plus a count limit. "Finished" means
/// <see cref="WorkflowStatus.Finished"/>, <see cref="WorkflowStatus.Faulted"/> or <see cref="WorkflowStatus.Cancelled"/>;
/// running and suspended instances are never touched. An instance goes as soon as either limit says so.
/// The in-memory store applies the limits at once, on the commit that finishes an instance; the SQLite and PostgreSQL
/// stores are swept every <see cref="SweepInterval"/> by <c>agent serve</c>.
/// </summary>
public sealed class FinishedInstanceRetentionOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Retention:FinishedInstances";

    /// <summary>
    /// How many finished instances the in-memory store keeps when <see cref="KeepLast"/> is not set: memory stays
    /// bounded however many instances run (about 2 KB each, so ~2 MB). Kept small on purpose: what is kept lives long
    /// enough to be promoted to the oldest GC generation and is then dropped there, and with 10,000 kept the collections
    /// this caused cost a third of the throughput at 100,000 instances (1,000: none measurable; bench figure (d)).
    /// </summary>
    public const int InMemoryDefaultKeepLast = 1_000;

    /// <summary>
    /// How long a finished instance is kept after it finished (Elsa's <c>TimeToLive</c>); null = no age limit.
    /// Written as a TimeSpan, e.g. <c>7.00:00:00</c> for seven days.
    /// </summary>
    public TimeSpan? KeepFor { get; set; }

    /// <summary>
    /// How many of the most recently finished instances are kept; older ones go. Null = no count limit on SQLite and
    /// PostgreSQL, and <see cref="InMemoryDefaultKeepLast"/> in memory.
    /// </summary>
    public int? KeepLast { get; set; }

    /// <summary>Delete whole instances (the default) or only their journals.</summary>
    public RetentionMode Mode { get; set; } = RetentionMode.Delete;

    /// <summary>How often <c>agent serve</c> sweeps a SQLite or PostgreSQL store (Elsa's default: 4 hours).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(4);

    /// <summary>How many instances one sweep deletes per transaction (Elsa's <c>PageSize</c>).</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>True when a durable store has anything to sweep: the default keeps every instance (no behaviour change).</summary>
    public bool LimitsDurableStores => KeepFor is not null || KeepLast is not null;

    /// <summary>Whether an instance in <paramref name="status"/> counts as finished for retention.</summary>
    public static bool IsFinished(WorkflowStatus status) =>
        status is WorkflowStatus.Finished or WorkflowStatus.Faulted or WorkflowStatus.Cancelled;
}
