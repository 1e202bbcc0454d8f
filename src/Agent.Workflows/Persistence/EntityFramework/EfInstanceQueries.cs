using Agent.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Agent.Workflows.Persistence.EntityFramework;

/// <summary>
/// The read side (and deletion) of the instance stores, written against EF Core only, so the SQLite and the PostgreSQL
/// store share it; each query runs on its own pooled context and connection, alongside any commit.
/// </summary>
internal sealed class EfInstanceQueries(IDbContextFactory<WorkflowDbContext> contexts)
{
    private readonly IDbContextFactory<WorkflowDbContext> _contexts = contexts ?? throw new ArgumentNullException(nameof(contexts));

    /// <summary>See <see cref="IWorkflowInstanceStore"/>.</summary>
    public async Task<WorkflowInstance?> FindAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var row = await db.Instances.FirstOrDefaultAsync(x => x.Id == instanceId, cancellationToken).ConfigureAwait(false);
        return row is null ? null : RecordMapper.ToInstance(row);
    }

    /// <summary>See <see cref="IWorkflowInstanceStore"/>.</summary>
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

    /// <summary>See <see cref="IWorkflowInstanceStore"/>.</summary>
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

    /// <summary>See <see cref="IWorkflowInstanceStore"/>.</summary>
    public async Task<IReadOnlyList<JournalEntry>> GetJournalAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = await db.Journal.Where(x => x.InstanceId == instanceId)
            .OrderBy(x => x.Sequence).ThenBy(x => x.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.ConvertAll(RecordMapper.ToJournalEntry);
    }

    /// <summary>See <see cref="IWorkflowInstanceStore"/>.</summary>
    public async Task<Bookmark?> FindBookmarkAsync(string bookmarkId, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var row = await db.Bookmarks.FirstOrDefaultAsync(x => x.Id == bookmarkId, cancellationToken).ConfigureAwait(false);
        return row is null ? null : RecordMapper.ToBookmark(row);
    }

    /// <summary>See <see cref="IWorkflowInstanceStore"/>.</summary>
    public async Task<IReadOnlyList<Bookmark>> FindBookmarksAsync(string name, string? correlationId, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = db.Bookmarks.Where(x => x.Name == name);
        if (correlationId is not null) rows = rows.Where(x => x.CorrelationId == correlationId);
        var list = await rows.OrderBy(x => x.CreatedAt).ThenBy(x => x.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        return list.ConvertAll(RecordMapper.ToBookmark);
    }

    /// <summary>See <see cref="IWorkflowInstanceStore"/>.</summary>
    public async Task<IReadOnlyList<Bookmark>> FindExpiredBookmarksAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var list = await db.Bookmarks.Where(x => x.ExpiresAt != null && x.ExpiresAt <= now)
            .OrderBy(x => x.ExpiresAt).ThenBy(x => x.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return list.ConvertAll(RecordMapper.ToBookmark);
    }

    /// <summary>See <see cref="IWorkflowInstanceStore"/>.</summary>
    public async Task<IReadOnlyList<string>> FindInterruptedAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Instances.Where(x => x.Status == WorkflowStatus.Running)
            .OrderBy(x => x.CreatedAt).Select(x => x.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>See <see cref="IWorkflowInstanceDeletion"/>.</summary>
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
}
