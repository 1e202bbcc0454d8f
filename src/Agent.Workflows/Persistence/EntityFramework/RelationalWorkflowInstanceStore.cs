using Agent.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Agent.Workflows.Persistence.EntityFramework;

/// <summary>
/// What the SQLite and the PostgreSQL instance stores share: every query (and deletion) through EF Core, see
/// <see cref="EfInstanceQueries"/>. Each store adds its own commit, the hot path, in raw SQL for its database.
/// </summary>
public abstract class RelationalWorkflowInstanceStore : IWorkflowInstanceStore, IWorkflowInstanceDeletion
{
    private readonly EfInstanceQueries _queries;

    /// <summary>Creates the store's query side on <paramref name="contexts"/>.</summary>
    protected RelationalWorkflowInstanceStore(IDbContextFactory<WorkflowDbContext> contexts) => _queries = new EfInstanceQueries(contexts);

    /// <inheritdoc />
    public bool IsDurable => true;

    /// <inheritdoc />
    public abstract Task CommitAsync(InstanceCommit commit, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public Task<WorkflowInstance?> FindAsync(string instanceId, CancellationToken cancellationToken = default) =>
        _queries.FindAsync(instanceId, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<WorkflowInstance>> ListAsync(InstanceQuery query, CancellationToken cancellationToken = default) =>
        _queries.ListAsync(query, cancellationToken);

    /// <inheritdoc />
    public Task<int> CountAsync(InstanceQuery query, CancellationToken cancellationToken = default) =>
        _queries.CountAsync(query, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<JournalEntry>> GetJournalAsync(string instanceId, CancellationToken cancellationToken = default) =>
        _queries.GetJournalAsync(instanceId, cancellationToken);

    /// <inheritdoc />
    public Task<Bookmark?> FindBookmarkAsync(string bookmarkId, CancellationToken cancellationToken = default) =>
        _queries.FindBookmarkAsync(bookmarkId, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Bookmark>> FindBookmarksAsync(string name, string? correlationId, CancellationToken cancellationToken = default) =>
        _queries.FindBookmarksAsync(name, correlationId, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Bookmark>> FindExpiredBookmarksAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        _queries.FindExpiredBookmarksAsync(now, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> FindInterruptedAsync(CancellationToken cancellationToken = default) =>
        _queries.FindInterruptedAsync(cancellationToken);

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string instanceId, CancellationToken cancellationToken = default) =>
        _queries.DeleteAsync(instanceId, cancellationToken);
}
