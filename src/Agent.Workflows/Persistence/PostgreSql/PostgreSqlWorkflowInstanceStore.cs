using Agent.Workflows.Persistence.EntityFramework;
using Agent.Workflows.Persistence.Serialization;
using Microsoft.EntityFrameworkCore;

namespace Agent.Workflows.Persistence.PostgreSql;

/// <summary>
/// The PostgreSQL instance store, for any number of replicas on one database. Commits (once per activity) are one
/// batch in one round trip (<see cref="PostgreSqlCommitWriter"/>), with the same semantics as the SQLite store: state,
/// journal, bookmarks and incidents atomically, and the revision check that makes a stale writer (a replica that
/// lost the instance) fail with <see cref="ConcurrencyConflictException"/> instead of overwriting. Queries go through
/// EF Core like SQLite's. Safe for concurrent use.
/// </summary>
public sealed class PostgreSqlWorkflowInstanceStore : RelationalWorkflowInstanceStore
{
    private readonly PostgreSqlCommitWriter _writer;

    /// <summary>Creates the store on the contexts and the data source of the configured database.</summary>
    public PostgreSqlWorkflowInstanceStore(IDbContextFactory<WorkflowDbContext> contexts, WorkflowDataSource dataSource) : base(contexts)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _writer = new PostgreSqlCommitWriter(dataSource.DataSource);
    }

    /// <inheritdoc />
    public override async Task CommitAsync(InstanceCommit commit, CancellationToken cancellationToken = default)
    {
        var addedBookmarks = CommitRules.Validate(commit);
        var stateJson = StateJson.Serialize(commit.Instance.State);
        await _writer.CommitAsync(commit, addedBookmarks, stateJson, cancellationToken).ConfigureAwait(false);
        commit.Instance.Revision = commit.ExpectedRevision + 1;
    }
}
