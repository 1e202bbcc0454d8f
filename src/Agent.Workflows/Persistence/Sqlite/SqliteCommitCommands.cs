using Agent.Workflows.Persistence.Serialization;
using Agent.Workflows.Runtime;
using Microsoft.Data.Sqlite;

namespace Agent.Workflows.Persistence.Sqlite;

/// <summary>
/// The statements of one commit, prepared once on a long-lived connection and re-bound for every commit:
/// re-parsing SQL would cost more than the inserts themselves. Parameters are numbered (?1, ?2, …) and bound by
/// that number. The transaction statements are prepared too: Microsoft.Data.Sqlite's BeginTransaction and Commit
/// parse "BEGIN IMMEDIATE" and "COMMIT" anew each time. Not thread-safe; <see cref="SqliteCommitWriter"/>
/// serializes access.
/// </summary>
internal sealed class SqliteCommitCommands : IDisposable
{
    private readonly SqliteStatement _begin;
    private readonly SqliteStatement _commit;
    private readonly SqliteStatement _rollback;
    private readonly SqliteStatement _updateInstance;
    private readonly SqliteStatement _updateIndexedColumns;
    private readonly SqliteStatement _insertInstance;
    private readonly SqliteStatement _deleteBookmark;
    private readonly SqliteStatement _insertBookmark;
    private readonly SqliteStatement _insertJournal;
    private readonly SqliteStatement _insertIncident;
    private readonly List<SqliteStatement> _all = [];
    // The indexed columns of the last row this connection wrote, at the revision it wrote, once that commit is durable.
    // An instance runs step after step, each commit the revision after the last; a row still at that revision holds
    // those values (a revision is written once: every write checks the one before), so re-checking them is skipped.
    private IndexedColumns? _lastCommitted, _pending;

    public SqliteCommitCommands(SqliteConnection connection)
    {
        try
        {
            // IMMEDIATE takes the write lock up front (waiting up to the busy timeout), so the transaction cannot fail
            // half-way on a lock upgrade: what BeginTransaction issued before.
            _begin = Prepare(connection, "BEGIN IMMEDIATE");
            _commit = Prepare(connection, "COMMIT");
            _rollback = Prepare(connection, "ROLLBACK");
            _updateInstance = Prepare(connection,
                "UPDATE instances SET correlationId=?1, name=?2, updatedAt=?3, finishedAt=?4, revision=?5, stateJson=?6 " +
                "WHERE id=?7 AND revision=?8");
            // SQLite rewrites the entries of every index whose column is in an UPDATE's SET list, changed or not: one
            // more WAL page per index per commit. Indexed columns rarely change, so they are written by a second
            // statement that matches no row (and writes nothing) unless one of them actually differs.
            _updateIndexedColumns = Prepare(connection,
                "UPDATE instances SET definitionId=?1, definitionVersionId=?2, version=?3, status=?4 " +
                "WHERE id=?5 AND (definitionId IS NOT ?1 OR definitionVersionId IS NOT ?2 OR version IS NOT ?3 OR status IS NOT ?4)");
            _insertInstance = Prepare(connection,
                "INSERT INTO instances (id, createdAt, definitionId, definitionVersionId, version, status, correlationId, name, " +
                "updatedAt, finishedAt, revision, stateJson) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) " +
                "ON CONFLICT(id) DO NOTHING");
            _deleteBookmark = Prepare(connection, "DELETE FROM bookmarks WHERE id=?1 AND instanceId=?2");
            _insertBookmark = Prepare(connection,
                "INSERT INTO bookmarks (id, name, instanceId, activityId, correlationId, payloadJson, createdAt, expiresAt) " +
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(id) DO NOTHING");
            _insertJournal = Prepare(connection,
                "INSERT INTO journal (instanceId, sequence, activityId, activityType, activityName, startedAt, completedAt, durationMs, " +
                "status, outcomes, error, payload) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
            _insertIncident = Prepare(connection,
                "INSERT INTO incidents (instanceId, activityId, activityType, message, exceptionType, stackTrace, timestamp) " +
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Opens the write transaction (BEGIN IMMEDIATE).</summary>
    public void Begin() => _begin.Execute();

    /// <summary>Commits the open transaction.</summary>
    public void Commit() => _commit.Execute();

    /// <summary>Rolls the open transaction back.</summary>
    public void Rollback() => _rollback.Execute();

    /// <summary>Writes the commit inside the open transaction; throws <see cref="ConcurrencyConflictException"/>
    /// on a lost race, leaving the rollback to the caller.</summary>
    public void Execute(InstanceCommit commit, IReadOnlyList<Bookmark> addedBookmarks, ReadOnlySpan<byte> stateJson)
    {
        var instance = commit.Instance;
        if (WriteInstance(instance, commit.ExpectedRevision, stateJson) != 1)
            throw CommitRules.RevisionConflict(instance.Id, commit.ExpectedRevision);

        // Removals first, so a step may replace a bookmark by one with the same id. Indexed loops: foreach over an
        // IReadOnlyList allocates an enumerator.
        var removed = commit.RemovedBookmarkIds;
        for (var i = 0; i < removed.Count; i++)
        {
            _deleteBookmark.Bind(1, removed[i]);
            _deleteBookmark.Bind(2, instance.Id);
            if (_deleteBookmark.Execute() != 1) throw CommitRules.MissingBookmark(instance.Id, removed[i]);
        }

        for (var i = 0; i < addedBookmarks.Count; i++)
        {
            var b = addedBookmarks[i];
            var s = _insertBookmark;
            s.Bind(1, b.Id); s.Bind(2, b.Name); s.Bind(3, b.InstanceId); s.Bind(4, b.ActivityId); s.Bind(5, b.CorrelationId);
            s.Bind(6, StateJson.SerializePayload(b.Payload)); s.Bind(7, b.CreatedAt.UtcTicks); s.Bind(8, b.ExpiresAt?.UtcTicks);
            if (s.Execute() != 1) throw CommitRules.DuplicateBookmark(b.Id);
        }

        var journal = commit.Journal;
        for (var i = 0; i < journal.Count; i++)
        {
            var j = journal[i];
            var s = _insertJournal;
            s.Bind(1, instance.Id); s.Bind(2, j.Sequence); s.Bind(3, j.ActivityId); s.Bind(4, j.ActivityType); s.Bind(5, j.ActivityName);
            s.Bind(6, j.StartedAt.UtcTicks); s.Bind(7, j.CompletedAt.UtcTicks); s.Bind(8, j.DurationMs); s.Bind(9, StatusText(j.Status));
            s.Bind(10, j.Outcomes); s.Bind(11, j.Error); s.Bind(12, j.Payload);
            s.Execute();
        }

        var incidents = commit.Incidents;
        for (var k = 0; k < incidents.Count; k++)
        {
            var i = incidents[k];
            var s = _insertIncident;
            s.Bind(1, instance.Id); s.Bind(2, i.ActivityId); s.Bind(3, i.ActivityType); s.Bind(4, i.Message); s.Bind(5, i.ExceptionType);
            s.Bind(6, i.StackTrace); s.Bind(7, i.Timestamp.UtcTicks);
            s.Execute();
        }
    }

    private int WriteInstance(WorkflowInstance instance, long expected, ReadOnlySpan<byte> stateJson)
    {
        var status = StatusText(instance.Status);
        var columns = new IndexedColumns(instance.Id, expected + 1, instance.DefinitionId, instance.DefinitionVersionId, instance.Version, status);
        _pending = null;
        if (expected > 0)
        {
            var u = _updateInstance;
            u.Bind(1, instance.CorrelationId); u.Bind(2, instance.Name); u.Bind(3, instance.UpdatedAt.UtcTicks);
            u.Bind(4, instance.FinishedAt?.UtcTicks); u.Bind(5, expected + 1); u.BindUtf8(6, stateJson); u.Bind(7, instance.Id); u.Bind(8, expected);
            var updated = u.Execute();
            if (updated == 1)
            {
                if (_lastCommitted is not { } last || last != columns with { Revision = expected })
                {
                    var c = _updateIndexedColumns;
                    c.Bind(1, instance.DefinitionId); c.Bind(2, instance.DefinitionVersionId); c.Bind(3, instance.Version); c.Bind(4, status);
                    c.Bind(5, instance.Id);
                    c.Execute();
                }
                _pending = columns;
            }
            return updated;
        }
        _pending = columns;
        var n = _insertInstance;
        n.Bind(1, instance.Id); n.Bind(2, instance.CreatedAt.UtcTicks); n.Bind(3, instance.DefinitionId); n.Bind(4, instance.DefinitionVersionId);
        n.Bind(5, instance.Version); n.Bind(6, status); n.Bind(7, instance.CorrelationId); n.Bind(8, instance.Name);
        n.Bind(9, instance.UpdatedAt.UtcTicks); n.Bind(10, instance.FinishedAt?.UtcTicks); n.Bind(11, 1L); n.BindUtf8(12, stateJson);
        return n.Execute();
    }

    /// <summary>Called once the transaction <see cref="Execute"/> wrote in has committed: its row may now be trusted.</summary>
    public void Committed() => (_lastCommitted, _pending) = (_pending, null);

    /// <summary>Called when the transaction rolled back: nothing it wrote may be trusted.</summary>
    public void RolledBack() => (_lastCommitted, _pending) = (null, null);

    // Enum.ToString allocates a string per call; these are the stored texts.
    private static string StatusText(WorkflowStatus status) => status switch
    {
        WorkflowStatus.Running => nameof(WorkflowStatus.Running),
        WorkflowStatus.Suspended => nameof(WorkflowStatus.Suspended),
        WorkflowStatus.Finished => nameof(WorkflowStatus.Finished),
        WorkflowStatus.Faulted => nameof(WorkflowStatus.Faulted),
        WorkflowStatus.Cancelled => nameof(WorkflowStatus.Cancelled),
        _ => status.ToString(),
    };

    private static string StatusText(JournalStatus status) => status switch
    {
        JournalStatus.Completed => nameof(JournalStatus.Completed),
        JournalStatus.Suspended => nameof(JournalStatus.Suspended),
        JournalStatus.Faulted => nameof(JournalStatus.Faulted),
        JournalStatus.Retrying => nameof(JournalStatus.Retrying),
        JournalStatus.Cancelled => nameof(JournalStatus.Cancelled),
        _ => status.ToString(),
    };

    private readonly record struct IndexedColumns(string Id, long Revision, string DefinitionId, string DefinitionVersionId, int Version, string Status);

    private SqliteStatement Prepare(SqliteConnection connection, string sql)
    {
        var statement = new SqliteStatement(connection, sql);
        _all.Add(statement);
        return statement;
    }

    public void Dispose()
    {
        foreach (var statement in _all) statement.Dispose();
        _all.Clear();
    }
}
