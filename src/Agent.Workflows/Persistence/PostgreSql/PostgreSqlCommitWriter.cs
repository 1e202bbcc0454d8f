using Agent.Workflows.Runtime;
using Npgsql;

namespace Agent.Workflows.Persistence.PostgreSql;

/// <summary>
/// Sends a commit as one batch on a pooled connection: one round trip, one transaction. Without an explicit
/// transaction PostgreSQL runs the batch's statements as one implicit transaction that commits at its end, or rolls
/// back entirely when a statement fails, which is how a lost race (raised by the statements' own checks) writes nothing.
/// Commits of different instances, from this process or any other replica, run in parallel on separate connections;
/// two writers of one instance serialize on its row lock, and the second then fails the revision check.
/// </summary>
internal sealed class PostgreSqlCommitWriter(NpgsqlDataSource dataSource)
{
    // undefined_table, invalid_schema_name, undefined_function: the migrations have not been applied.
    private static readonly HashSet<string> NoSchemaStates = ["42P01", "3F000", "42883"];

    public async Task CommitAsync(InstanceCommit commit, IReadOnlyList<Bookmark> addedBookmarks, string stateJson, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = PostgreSqlCommitBatch.Create(connection, commit, addedBookmarks, stateJson);
        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgreSqlCommitSql.ConflictSqlState)
        {
            throw Conflict(ex, commit);
        }
        catch (PostgresException ex) when (NoSchemaStates.Contains(ex.SqlState))
        {
            throw new WorkflowStoreException(
                $"The workflow database has no schema '{PostgreSqlWorkflowDbContext.Schema}' or it is incomplete ({ex.MessageText}). " +
                "Call IWorkflowDatabaseInitializer.InitializeAsync at start-up to apply migrations (agent serve and the CLI do).",
                innerException: ex);
        }
    }

    private static ConcurrencyConflictException Conflict(PostgresException ex, InstanceCommit commit)
    {
        var separator = ex.MessageText.IndexOf(':', StringComparison.Ordinal);
        var (reason, key) = separator < 0 ? (ex.MessageText, "") : (ex.MessageText[..separator], ex.MessageText[(separator + 1)..]);
        return reason switch
        {
            PostgreSqlCommitSql.MissingBookmark => CommitRules.MissingBookmark(commit.Instance.Id, key),
            PostgreSqlCommitSql.DuplicateBookmark => CommitRules.DuplicateBookmark(key),
            _ => CommitRules.RevisionConflict(commit.Instance.Id, commit.ExpectedRevision),
        };
    }
}
