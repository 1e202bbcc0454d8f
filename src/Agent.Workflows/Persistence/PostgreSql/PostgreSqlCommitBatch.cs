using Agent.Workflows.Persistence.Serialization;
using Agent.Workflows.Runtime;
using Npgsql;
using NpgsqlTypes;
using static Agent.Workflows.Persistence.PostgreSql.PostgreSqlCommitSql;

namespace Agent.Workflows.Persistence.PostgreSql;

/// <summary>
/// Builds the one batch a commit is sent as: the instance row with the step's journal entries (one statement), then
/// bookmark removals, bookmark additions and incidents, skipping the statements with nothing to write, so the commit
/// of an ordinary activity is a single statement. Parameters are positional and explicitly typed, so a statement
/// prepared once is reused whatever its values (nulls included).
/// </summary>
internal static class PostgreSqlCommitBatch
{
    public static NpgsqlBatch Create(NpgsqlConnection connection, InstanceCommit commit, IReadOnlyList<Bookmark> added, string stateJson)
    {
        var batch = new NpgsqlBatch(connection);
        var i = commit.Instance;
        var instance = new NpgsqlBatchCommand(InstanceWithJournal(commit.IsNew, commit.Journal.Count));
        instance.Parameters.Add(Text(i.DefinitionId));
        instance.Parameters.Add(Text(i.DefinitionVersionId));
        instance.Parameters.Add(Scalar(NpgsqlDbType.Integer, i.Version));
        instance.Parameters.Add(Text(i.Status.ToString()));
        instance.Parameters.Add(Text(i.CorrelationId));
        instance.Parameters.Add(Text(i.Name));
        instance.Parameters.Add(Scalar(NpgsqlDbType.Bigint, i.UpdatedAt.UtcTicks));
        instance.Parameters.Add(Scalar(NpgsqlDbType.Bigint, i.FinishedAt?.UtcTicks));
        instance.Parameters.Add(Text(stateJson));
        instance.Parameters.Add(Text(i.Id));
        instance.Parameters.Add(Scalar(NpgsqlDbType.Bigint, commit.ExpectedRevision));
        if (commit.IsNew) instance.Parameters.Add(Scalar(NpgsqlDbType.Bigint, i.CreatedAt.UtcTicks));
        if (commit.Journal.Count == 1) AddJournalRow(instance.Parameters, commit.Journal[0]);
        else if (commit.Journal.Count > 1) AddJournal(instance.Parameters, commit.Journal);
        batch.BatchCommands.Add(instance);

        // Removals before additions, so a step may replace a bookmark by one with the same id.
        if (commit.RemovedBookmarkIds.Count > 0)
        {
            var remove = new NpgsqlBatchCommand(DeleteBookmarks);
            remove.Parameters.Add(Text(i.Id));
            remove.Parameters.Add(TextArray(commit.RemovedBookmarkIds.ToArray()));
            batch.BatchCommands.Add(remove);
        }
        if (added.Count > 0) batch.BatchCommands.Add(Bookmarks(added));
        if (commit.Incidents.Count > 0) batch.BatchCommands.Add(Incidents(i.Id, commit.Incidents));
        return batch;
    }

    private static NpgsqlBatchCommand Bookmarks(IReadOnlyList<Bookmark> b)
    {
        var command = new NpgsqlBatchCommand(InsertBookmarks);
        command.Parameters.Add(TextArray(Column(b, x => x.Id)));
        command.Parameters.Add(TextArray(Column(b, x => x.Name)));
        command.Parameters.Add(TextArray(Column(b, x => x.InstanceId)));
        command.Parameters.Add(TextArray(Column(b, x => x.ActivityId)));
        command.Parameters.Add(TextArray(Column(b, x => x.CorrelationId)));
        command.Parameters.Add(TextArray(Column(b, x => StateJson.SerializePayload(x.Payload))));
        command.Parameters.Add(Array(NpgsqlDbType.Bigint, Column(b, x => x.CreatedAt.UtcTicks)));
        command.Parameters.Add(Array(NpgsqlDbType.Bigint, Column(b, x => x.ExpiresAt?.UtcTicks)));
        return command;
    }

    // The JournalColumns values of the one journal row that follow the instance's parameters, in AddJournal's order.
    private static void AddJournalRow(NpgsqlParameterCollection parameters, JournalEntry j)
    {
        parameters.Add(Scalar(NpgsqlDbType.Bigint, j.Sequence));
        parameters.Add(Text(j.ActivityId));
        parameters.Add(Text(j.ActivityType));
        parameters.Add(Text(j.ActivityName));
        parameters.Add(Scalar(NpgsqlDbType.Bigint, j.StartedAt.UtcTicks));
        parameters.Add(Scalar(NpgsqlDbType.Bigint, j.CompletedAt.UtcTicks));
        parameters.Add(Scalar(NpgsqlDbType.Double, j.DurationMs));
        parameters.Add(Text(j.Status.ToString()));
        parameters.Add(Text(j.Outcomes));
        parameters.Add(Text(j.Error));
        parameters.Add(Text(j.Payload));
    }

    // The JournalColumns arrays that follow the instance's parameters (see PostgreSqlCommitSql.InstanceWithJournal).
    private static void AddJournal(NpgsqlParameterCollection parameters, IReadOnlyList<JournalEntry> j)
    {
        parameters.Add(Array(NpgsqlDbType.Bigint, Column(j, x => x.Sequence)));
        parameters.Add(TextArray(Column(j, x => x.ActivityId)));
        parameters.Add(TextArray(Column(j, x => x.ActivityType)));
        parameters.Add(TextArray(Column(j, x => x.ActivityName)));
        parameters.Add(Array(NpgsqlDbType.Bigint, Column(j, x => x.StartedAt.UtcTicks)));
        parameters.Add(Array(NpgsqlDbType.Bigint, Column(j, x => x.CompletedAt.UtcTicks)));
        parameters.Add(Array(NpgsqlDbType.Double, Column(j, x => x.DurationMs)));
        parameters.Add(TextArray(Column(j, x => x.Status.ToString())));
        parameters.Add(TextArray(Column(j, x => x.Outcomes)));
        parameters.Add(TextArray(Column(j, x => x.Error)));
        parameters.Add(TextArray(Column(j, x => x.Payload)));
    }

    private static NpgsqlBatchCommand Incidents(string instanceId, IReadOnlyList<Incident> i)
    {
        var command = new NpgsqlBatchCommand(InsertIncidents);
        command.Parameters.Add(Text(instanceId));
        command.Parameters.Add(TextArray(Column(i, x => x.ActivityId)));
        command.Parameters.Add(TextArray(Column(i, x => x.ActivityType)));
        command.Parameters.Add(TextArray(Column(i, x => x.Message)));
        command.Parameters.Add(TextArray(Column(i, x => x.ExceptionType)));
        command.Parameters.Add(TextArray(Column(i, x => x.StackTrace)));
        command.Parameters.Add(Array(NpgsqlDbType.Bigint, Column(i, x => x.Timestamp.UtcTicks)));
        return command;
    }

    private static TValue[] Column<TRow, TValue>(IReadOnlyList<TRow> rows, Func<TRow, TValue> value)
    {
        var column = new TValue[rows.Count];
        for (var n = 0; n < column.Length; n++) column[n] = value(rows[n]);
        return column;
    }

    private static NpgsqlParameter Text(string? value) => Scalar(NpgsqlDbType.Text, value);

    private static NpgsqlParameter Scalar(NpgsqlDbType type, object? value) => new() { NpgsqlDbType = type, Value = value ?? DBNull.Value };

    private static NpgsqlParameter TextArray(string?[] values) => Array(NpgsqlDbType.Text, values);

    private static NpgsqlParameter Array(NpgsqlDbType elementType, object values) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | elementType, Value = values };
}
