using Agent.Workflows.Persistence.EntityFramework;
using Agent.Workflows.Persistence.Serialization;
using Agent.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Agent.Workflows.Persistence.Sqlite;

/// <summary>
/// The SQLite instance store. Commits (once per activity) go through raw prepared statements on a dedicated
/// connection; queries go through EF Core, each on its own pooled connection, so reads run alongside a commit.
/// Safe for concurrent use by many instances.
/// </summary>
public sealed class SqliteWorkflowInstanceStore : IWorkflowInstanceStore, IWorkflowInstanceDeletion, IDisposable
{
    /// <inheritdoc />
    public bool IsDurable => true;

    private readonly IDbContextFactory<WorkflowDbContext> _contexts;
    private readonly SqliteCommitWriter _writer;

    /// <summary>Creates the store for the database described by <paramref name="options"/>.</summary>
    public SqliteWorkflowInstanceStore(IDbContextFactory<WorkflowDbContext> contexts, IOptions<PersistenceOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _contexts = contexts ?? throw new ArgumentNullException(nameof(contexts));
        var o = options.Value;
        _writer = new SqliteCommitWriter(SqliteConnectionStrings.Build(o), o.BusyTimeoutMs);
    }

    /// <inheritdoc />
    public async Task CommitAsync(InstanceCommit commit, CancellationToken cancellationToken = default)
    {
        var addedBookmarks = CommitRules.Validate(commit);
        // Serialized outside the writer's lock: JSON work for one instance must not hold up commits of others.
        var stateJson = StateJson.Serialize(commit.Instance.State);
        await _writer.CommitAsync(commit, addedBookmarks, stateJson, cancellationToken).ConfigureAwait(false);
        commit.Instance.Revision = commit.ExpectedRevision + 1;
    }

    /// <inheritdoc />
    public async Task<WorkflowInstance?> FindAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var row = await db.Instances.FirstOrDefaultAsync(x => x.Id == instanceId, cancellationToken).ConfigureAwait(false);
        return row is null ? null : RecordMapper.ToInstance(row);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<WorkflowInstance>> ListAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = await Filter(db.Instances, query)
            .OrderByDescending(x => x.CreatedAt).ThenByDescending(x => x.Id)
            .Skip(Math.Max(0, query.Skip)).Take(Math.Max(0, query.Take))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.ConvertAll(RecordMapper.ToInstance);
    }

    /// <inheritdoc />
    public async Task<int> CountAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await Filter(db.Instances, query).CountAsync(cancellationToken).ConfigureAwait(false);
    }

    private static IQueryable<InstanceRecord> Filter(IQueryable<InstanceRecord> rows, InstanceQuery query)
    {
        if (query.DefinitionId is { } definitionId) rows = rows.Where(x => x.DefinitionId == definitionId);
        if (query.Status is { } status) rows = rows.Where(x => x.Status == status);
        return rows;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<JournalEntry>> GetJournalAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = await db.Journal.Where(x => x.InstanceId == instanceId)
            .OrderBy(x => x.Sequence).ThenBy(x => x.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.ConvertAll(RecordMapper.ToJournalEntry);
    }

    /// <inheritdoc />
    public async Task<Bookmark?> FindBookmarkAsync(string bookmarkId, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var row = await db.Bookmarks.FirstOrDefaultAsync(x => x.Id == bookmarkId, cancellationToken).ConfigureAwait(false);
        return row is null ? null : RecordMapper.ToBookmark(row);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Bookmark>> FindBookmarksAsync(string name, string? correlationId, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = db.Bookmarks.Where(x => x.Name == name);
        if (correlationId is not null) rows = rows.Where(x => x.CorrelationId == correlationId);
        var list = await rows.OrderBy(x => x.CreatedAt).ThenBy(x => x.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        return list.ConvertAll(RecordMapper.ToBookmark);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Bookmark>> FindExpiredBookmarksAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var list = await db.Bookmarks.Where(x => x.ExpiresAt != null && x.ExpiresAt <= now)
            .OrderBy(x => x.ExpiresAt).ThenBy(x => x.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return list.ConvertAll(RecordMapper.ToBookmark);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> FindInterruptedAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Instances.Where(x => x.Status == WorkflowStatus.Running)
            .OrderBy(x => x.CreatedAt).Select(x => x.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await db.Bookmarks.Where(x => x.InstanceId == instanceId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await db.Journal.Where(x => x.InstanceId == instanceId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await db.Incidents.Where(x => x.InstanceId == instanceId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        var deleted = await db.Instances.Where(x => x.Id == instanceId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return deleted > 0;
    }

    /// <summary>Closes the commit connection.</summary>
    public void Dispose() => _writer.Dispose();
}
