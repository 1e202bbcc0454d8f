using Agent.Workflows.Model;
using Agent.Workflows.Persistence.EntityFramework;

namespace Agent.Workflows.Persistence.InMemory;

/// <summary>
/// A definition store in process memory with the same semantics as the EF store. Versions are kept as the same
/// rows (JSON included) the database would hold, so callers always get independent copies. Thread-safe.
/// </summary>
public sealed class InMemoryWorkflowDefinitionStore : IWorkflowDefinitionStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, DefinitionRecord> _rows = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<WorkflowDefinition?> FindByIdAsync(string versionId, CancellationToken cancellationToken = default)
    {
        DefinitionRecord? row;
        lock (_lock) _rows.TryGetValue(versionId, out row);
        return Task.FromResult(row is null ? null : DefinitionMapper.ToDefinition(row));
    }

    /// <inheritdoc />
    public Task<WorkflowDefinition?> FindAsync(string definitionId, VersionOptions versionOptions, CancellationToken cancellationToken = default)
    {
        DefinitionRecord? row;
        lock (_lock)
        {
            var versions = _rows.Values.Where(x => x.DefinitionId == definitionId);
            row = versionOptions switch
            {
                { IsSpecificVersion: true } => versions.FirstOrDefault(x => x.Version == versionOptions.Version),
                { IsPublished: true } => versions.Where(x => x.IsPublished).MaxBy(x => x.Version),
                { IsLatestOrPublished: true } => versions.Where(x => x.IsPublished).MaxBy(x => x.Version)
                                                 ?? versions.Where(x => x.IsLatest).MaxBy(x => x.Version),
                _ => versions.Where(x => x.IsLatest).MaxBy(x => x.Version),
            };
        }
        return Task.FromResult(row is null ? null : DefinitionMapper.ToDefinition(row));
    }

    /// <inheritdoc />
    public Task<PagedList<WorkflowDefinitionSummary>> ListLatestAsync(DefinitionQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var term = query.Search?.Trim();
        List<WorkflowDefinitionSummary> matches;
        lock (_lock)
        {
            matches = _rows.Values
                .Where(x => x.IsLatest)
                .Where(x => string.IsNullOrEmpty(term)
                    || (x.Name?.Contains(term, StringComparison.OrdinalIgnoreCase) ?? false)
                    || x.DefinitionId.Contains(term, StringComparison.OrdinalIgnoreCase))
                .Select(DefinitionMapper.ToSummary).ToList();
        }
        // Ordinal ordering matches SQLite's binary collation, with null names first as in SQL.
        var page = matches.OrderBy(x => x.Name, StringComparer.Ordinal).ThenBy(x => x.DefinitionId, StringComparer.Ordinal)
            .Skip(Math.Max(0, query.Skip)).Take(Math.Max(0, query.Take)).ToList();
        return Task.FromResult(new PagedList<WorkflowDefinitionSummary>(page, matches.Count));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<WorkflowDefinitionSummary>> ListVersionsAsync(string definitionId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<WorkflowDefinitionSummary>>(_rows.Values
                .Where(x => x.DefinitionId == definitionId).OrderBy(x => x.Version)
                .Select(DefinitionMapper.ToSummary).ToList());
        }
    }

    /// <inheritdoc />
    public Task SaveAsync(WorkflowDefinition definition, CancellationToken cancellationToken = default) =>
        SaveAsync(new DefinitionWriteBatch(definition), cancellationToken);

    /// <inheritdoc />
    public Task SaveAsync(DefinitionWriteBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        cancellationToken.ThrowIfCancellationRequested();
        var records = batch.Upserts.Select(DefinitionMapper.ToRecord).ToList();
        lock (_lock)
        {
            // Applied to a copy and swapped in only when every row fits: all or nothing, like the transaction.
            var next = new Dictionary<string, DefinitionRecord>(_rows, StringComparer.Ordinal);
            foreach (var id in batch.DeletedVersionIds) next.Remove(id);
            foreach (var record in records)
            {
                if (next.Values.Any(x => x.Id != record.Id && x.DefinitionId == record.DefinitionId && x.Version == record.Version))
                    throw DefinitionMapper.VersionTaken(record.DefinitionId, record.Version);
                next[record.Id] = record;
            }
            _rows.Clear();
            foreach (var (id, row) in next) _rows[id] = row;
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<int> DeleteAsync(string definitionId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var ids = _rows.Values.Where(x => x.DefinitionId == definitionId).Select(x => x.Id).ToList();
            foreach (var id in ids) _rows.Remove(id);
            return Task.FromResult(ids.Count);
        }
    }
}
