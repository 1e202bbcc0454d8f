using Agent.Workflows.Model;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Agent.Workflows.Persistence.EntityFramework;

/// <summary>
/// The definition store on EF Core, for SQLite and PostgreSQL alike: written against EF only, so it serves any provider
/// <see cref="WorkflowDbContextFactory"/> builds. Definitions change rarely, so clarity wins over speed here.
/// </summary>
public sealed class EfWorkflowDefinitionStore(IDbContextFactory<WorkflowDbContext> contexts) : IWorkflowDefinitionStore
{
    /// <inheritdoc />
    public async Task<WorkflowDefinition?> FindByIdAsync(string versionId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var row = await db.Definitions.FirstOrDefaultAsync(x => x.Id == versionId, cancellationToken).ConfigureAwait(false);
        return row is null ? null : DefinitionMapper.ToDefinition(row);
    }

    /// <inheritdoc />
    public async Task<WorkflowDefinition?> FindAsync(string definitionId, VersionOptions versionOptions, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var versions = db.Definitions.Where(x => x.DefinitionId == definitionId);
        IQueryable<DefinitionRecord> query = versionOptions switch
        {
            { IsSpecificVersion: true } => versions.Where(x => x.Version == versionOptions.Version),
            { IsPublished: true } => versions.Where(x => x.IsPublished).OrderByDescending(x => x.Version),
            { IsLatestOrPublished: true } => versions.Where(x => x.IsLatest || x.IsPublished)
                .OrderByDescending(x => x.IsPublished).ThenByDescending(x => x.Version),
            _ => versions.Where(x => x.IsLatest).OrderByDescending(x => x.Version),
        };
        var row = await query.FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return row is null ? null : DefinitionMapper.ToDefinition(row);
    }

    /// <inheritdoc />
    public async Task<PagedList<WorkflowDefinitionSummary>> ListLatestAsync(DefinitionQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var latest = db.Definitions.Where(x => x.IsLatest);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim().ToLowerInvariant();
            latest = latest.Where(x => (x.Name != null && x.Name.ToLower().Contains(term)) || x.DefinitionId.ToLower().Contains(term));
        }
        var total = await latest.CountAsync(cancellationToken).ConfigureAwait(false);
        var rows = await latest.OrderBy(x => x.Name).ThenBy(x => x.DefinitionId)
            .Skip(Math.Max(0, query.Skip)).Take(Math.Max(0, query.Take))
            .Select(x => new { x.Id, x.DefinitionId, x.Version, x.Name, x.IsLatest, x.IsPublished, x.CreatedAt })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var items = rows.ConvertAll(x => new WorkflowDefinitionSummary(x.Id, x.DefinitionId, x.Version, x.Name, x.IsLatest, x.IsPublished, x.CreatedAt));
        return new PagedList<WorkflowDefinitionSummary>(items, total);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<WorkflowDefinitionSummary>> ListVersionsAsync(string definitionId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = await db.Definitions.Where(x => x.DefinitionId == definitionId).OrderBy(x => x.Version)
            .Select(x => new { x.Id, x.DefinitionId, x.Version, x.Name, x.IsLatest, x.IsPublished, x.CreatedAt })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.ConvertAll(x => new WorkflowDefinitionSummary(x.Id, x.DefinitionId, x.Version, x.Name, x.IsLatest, x.IsPublished, x.CreatedAt));
    }

    /// <inheritdoc />
    public Task SaveAsync(WorkflowDefinition definition, CancellationToken cancellationToken = default) =>
        SaveAsync(new DefinitionWriteBatch(definition), cancellationToken);

    /// <inheritdoc />
    public async Task SaveAsync(DefinitionWriteBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var records = batch.Upserts.Select(DefinitionMapper.ToRecord).ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        // On SQLite this begins IMMEDIATE: the checks below and the writes happen under the write lock. PostgreSQL lets
        // another replica's batch pass the same check at the same time; the unique index then stops the second writer.
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (batch.DeletedVersionIds.Count > 0)
        {
            var ids = batch.DeletedVersionIds.ToList();
            await db.Definitions.Where(x => ids.Contains(x.Id)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        }
        foreach (var record in records)
        {
            var existing = await db.Definitions
                .Where(x => x.Id == record.Id || (x.DefinitionId == record.DefinitionId && x.Version == record.Version))
                .Select(x => x.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
            if (existing.Any(id => id != record.Id)) throw DefinitionMapper.VersionTaken(record.DefinitionId, record.Version);
            if (existing.Contains(record.Id)) db.Definitions.Update(record);
            else db.Definitions.Add(record);
            // Saved one at a time so each check sees the rows written before it, earlier rows of this batch included.
            try
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                throw DefinitionMapper.VersionTaken(record.DefinitionId, record.Version);
            }
            db.ChangeTracker.Clear();
        }
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<int> DeleteAsync(string definitionId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Definitions.Where(x => x.DefinitionId == definitionId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }
}
