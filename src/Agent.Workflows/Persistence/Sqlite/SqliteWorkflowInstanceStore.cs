using Agent.Workflows.Persistence.EntityFramework;
using Agent.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Agent.Workflows.Persistence.Sqlite;

/// <summary>
/// The SQLite instance store. Commits (once per activity) go through raw prepared statements on a dedicated
/// connection; queries go through EF Core (<see cref="EfInstanceQueries"/>), each on its own pooled connection, so
/// reads run alongside a commit.
/// Safe for concurrent use by many instances.
/// </summary>
public sealed class SqliteWorkflowInstanceStore : RelationalWorkflowInstanceStore, IDisposable
{
    private readonly SqliteCommitWriter _writer;
    private readonly StateJsonBuffers _json = new();

    /// <summary>Creates the store for the database described by <paramref name="options"/>.</summary>
    public SqliteWorkflowInstanceStore(IDbContextFactory<WorkflowDbContext> contexts, IOptions<PersistenceOptions> options)
        : base(contexts)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        _writer = new SqliteCommitWriter(SqliteConnectionStrings.Build(o), o.BusyTimeoutMs);
    }

    /// <inheritdoc />
    public override async Task CommitAsync(InstanceCommit commit, CancellationToken cancellationToken = default)
    {
        var addedBookmarks = CommitRules.Validate(commit);
        // Serialized outside the writer's lock: JSON work for one instance must not hold up commits of others.
        var stateJson = _json.Serialize(commit.Instance.State);
        try
        {
            await _writer.CommitAsync(commit, addedBookmarks, stateJson.Json, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _json.Return(stateJson);
        }
        commit.Instance.Revision = commit.ExpectedRevision + 1;
    }

    /// <summary>Closes the commit connection.</summary>
    public void Dispose() => _writer.Dispose();
}
