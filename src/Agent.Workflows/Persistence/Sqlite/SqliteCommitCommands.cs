using Agent.Workflows.Persistence.Serialization;
using Agent.Workflows.Runtime;
using Microsoft.Data.Sqlite;

namespace Agent.Workflows.Persistence.Sqlite;

/// <summary>
/// The statements of one commit, prepared once on a long-lived connection and re-bound for every commit:
/// re-parsing SQL and rebuilding parameter collections would cost more than the inserts themselves.
/// Not thread-safe; <see cref="SqliteCommitWriter"/> serializes access.
/// </summary>
internal sealed class SqliteCommitCommands : IDisposable
{
    private readonly SqliteCommand _updateInstance;
    private readonly SqliteCommand _updateIndexedColumns;
    private readonly SqliteCommand _insertInstance;
    private readonly SqliteCommand _deleteBookmark;
    private readonly SqliteCommand _insertBookmark;
    private readonly SqliteCommand _insertJournal;
    private readonly SqliteCommand _insertIncident;
    // The indexed columns of the last row this connection wrote, at the revision it wrote, once that commit is durable.
    // An instance runs step after step, each commit the revision after the last; a row still at that revision holds
    // those values (a revision is written once: every write checks the one before), so re-checking them is skipped.
    private IndexedColumns? _lastCommitted, _pending;

    public SqliteCommitCommands(SqliteConnection connection)
    {
        _updateInstance = Create(connection,
            "UPDATE instances SET correlationId=$correlationId, name=$name, updatedAt=$updatedAt, finishedAt=$finishedAt, " +
            "revision=$revision, stateJson=$stateJson WHERE id=$id AND revision=$expected",
            "$correlationId", "$name", "$updatedAt", "$finishedAt", "$revision", "$stateJson", "$id", "$expected");
        // SQLite rewrites the entries of every index whose column is in an UPDATE's SET list, changed or not: one
        // more WAL page per index per commit. Indexed columns rarely change, so they are written by a second
        // statement that matches no row (and writes nothing) unless one of them actually differs.
        _updateIndexedColumns = Create(connection,
            "UPDATE instances SET definitionId=$definitionId, definitionVersionId=$definitionVersionId, version=$version, status=$status " +
            "WHERE id=$id AND (definitionId IS NOT $definitionId OR definitionVersionId IS NOT $definitionVersionId " +
            "OR version IS NOT $version OR status IS NOT $status)",
            "$definitionId", "$definitionVersionId", "$version", "$status", "$id");
        _insertInstance = Create(connection,
            "INSERT INTO instances (id, createdAt, definitionId, definitionVersionId, version, status, correlationId, name, " +
            "updatedAt, finishedAt, revision, stateJson) VALUES ($id, $createdAt, $definitionId, $definitionVersionId, " +
            "$version, $status, $correlationId, $name, $updatedAt, $finishedAt, $revision, $stateJson) ON CONFLICT(id) DO NOTHING",
            "$id", "$createdAt", "$definitionId", "$definitionVersionId", "$version", "$status", "$correlationId", "$name",
            "$updatedAt", "$finishedAt", "$revision", "$stateJson");
        _deleteBookmark = Create(connection,
            "DELETE FROM bookmarks WHERE id=$id AND instanceId=$instanceId", "$id", "$instanceId");
        _insertBookmark = Create(connection,
            "INSERT INTO bookmarks (id, name, instanceId, activityId, correlationId, payloadJson, createdAt, expiresAt) " +
            "VALUES ($id, $name, $instanceId, $activityId, $correlationId, $payloadJson, $createdAt, $expiresAt) ON CONFLICT(id) DO NOTHING",
            "$id", "$name", "$instanceId", "$activityId", "$correlationId", "$payloadJson", "$createdAt", "$expiresAt");
        _insertJournal = Create(connection,
            "INSERT INTO journal (instanceId, sequence, activityId, activityType, activityName, startedAt, completedAt, durationMs, " +
            "status, outcomes, error, payload) VALUES ($instanceId, $sequence, $activityId, $activityType, $activityName, $startedAt, " +
            "$completedAt, $durationMs, $status, $outcomes, $error, $payload)",
            "$instanceId", "$sequence", "$activityId", "$activityType", "$activityName", "$startedAt", "$completedAt",
            "$durationMs", "$status", "$outcomes", "$error", "$payload");
        _insertIncident = Create(connection,
            "INSERT INTO incidents (instanceId, activityId, activityType, message, exceptionType, stackTrace, timestamp) " +
            "VALUES ($instanceId, $activityId, $activityType, $message, $exceptionType, $stackTrace, $timestamp)",
            "$instanceId", "$activityId", "$activityType", "$message", "$exceptionType", "$stackTrace", "$timestamp");
    }

    /// <summary>Writes the commit inside <paramref name="transaction"/>; throws <see cref="ConcurrencyConflictException"/>
    /// on a lost race, leaving the rollback to the caller.</summary>
    public void Execute(SqliteTransaction transaction, InstanceCommit commit, IReadOnlyList<Bookmark> addedBookmarks, string stateJson)
    {
        var instance = commit.Instance;
        if (WriteInstance(transaction, instance, commit.ExpectedRevision, stateJson) != 1)
            throw CommitRules.RevisionConflict(instance.Id, commit.ExpectedRevision);

        // Removals first, so a step may replace a bookmark by one with the same id.
        foreach (var bookmarkId in commit.RemovedBookmarkIds)
        {
            Bind(_deleteBookmark, transaction, bookmarkId, instance.Id);
            if (_deleteBookmark.ExecuteNonQuery() != 1) throw CommitRules.MissingBookmark(instance.Id, bookmarkId);
        }

        foreach (var b in addedBookmarks)
        {
            Bind(_insertBookmark, transaction, b.Id, b.Name, b.InstanceId, b.ActivityId, b.CorrelationId,
                StateJson.SerializePayload(b.Payload), b.CreatedAt.UtcTicks, b.ExpiresAt?.UtcTicks);
            if (_insertBookmark.ExecuteNonQuery() != 1) throw CommitRules.DuplicateBookmark(b.Id);
        }

        foreach (var j in commit.Journal)
        {
            Bind(_insertJournal, transaction, instance.Id, j.Sequence, j.ActivityId, j.ActivityType, j.ActivityName,
                j.StartedAt.UtcTicks, j.CompletedAt.UtcTicks, j.DurationMs, j.Status.ToString(), j.Outcomes, j.Error, j.Payload);
            _insertJournal.ExecuteNonQuery();
        }

        foreach (var i in commit.Incidents)
        {
            Bind(_insertIncident, transaction, instance.Id, i.ActivityId, i.ActivityType, i.Message, i.ExceptionType,
                i.StackTrace, i.Timestamp.UtcTicks);
            _insertIncident.ExecuteNonQuery();
        }
    }

    private int WriteInstance(SqliteTransaction transaction, WorkflowInstance instance, long expected, string stateJson)
    {
        var status = StatusText(instance.Status);
        var columns = new IndexedColumns(instance.Id, expected + 1, instance.DefinitionId, instance.DefinitionVersionId, instance.Version, status);
        _pending = null;
        if (expected > 0)
        {
            Bind(_updateInstance, transaction, instance.CorrelationId, instance.Name, instance.UpdatedAt.UtcTicks,
                instance.FinishedAt?.UtcTicks, expected + 1, stateJson, instance.Id, expected);
            var updated = _updateInstance.ExecuteNonQuery();
            if (updated == 1)
            {
                if (_lastCommitted is not { } last || last != columns with { Revision = expected })
                {
                    Bind(_updateIndexedColumns, transaction, instance.DefinitionId, instance.DefinitionVersionId, instance.Version, status, instance.Id);
                    _updateIndexedColumns.ExecuteNonQuery();
                }
                _pending = columns;
            }
            return updated;
        }
        _pending = columns;
        Bind(_insertInstance, transaction, instance.Id, instance.CreatedAt.UtcTicks, instance.DefinitionId, instance.DefinitionVersionId,
            instance.Version, status, instance.CorrelationId, instance.Name, instance.UpdatedAt.UtcTicks,
            instance.FinishedAt?.UtcTicks, 1L, stateJson);
        return _insertInstance.ExecuteNonQuery();
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

    private readonly record struct IndexedColumns(string Id, long Revision, string DefinitionId, string DefinitionVersionId, int Version, string Status);

    private static SqliteCommand Create(SqliteConnection connection, string sql, params string[] parameterNames)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameterNames) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        command.Prepare();
        return command;
    }

    // Values are bound by position in the order the parameters were declared in Create.
    private static void Bind(SqliteCommand command, SqliteTransaction transaction, params ReadOnlySpan<object?> values)
    {
        command.Transaction = transaction;
        var parameters = command.Parameters;
        for (var i = 0; i < values.Length; i++) parameters[i].Value = values[i] ?? DBNull.Value;
    }

    public void Dispose()
    {
        _updateInstance.Dispose();
        _updateIndexedColumns.Dispose();
        _insertInstance.Dispose();
        _deleteBookmark.Dispose();
        _insertBookmark.Dispose();
        _insertJournal.Dispose();
        _insertIncident.Dispose();
    }
}
