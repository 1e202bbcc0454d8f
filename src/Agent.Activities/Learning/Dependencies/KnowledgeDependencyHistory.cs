using Agent.Activities.Assessment;
using Agent.Activities.Learning.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Agent.Activities.Learning.Dependencies;

/// <summary>The technology tracker's history in the knowledge base (<c>dependency_observations</c>).</summary>
public sealed class KnowledgeDependencyHistory(KnowledgeDatabase database) : IDependencyHistory
{
    /// <inheritdoc />
    public Task RecordAsync(string target, IReadOnlyList<DependencyStatus> packages, DateTimeOffset at, CancellationToken cancellationToken) =>
        database.WriteAsync(async ctx =>
        {
            ctx.DependencyObservations.AddRange(packages.Select(p => new DependencyObservationRecord
            {
                Target = target, Ecosystem = p.Ecosystem, Package = p.Package, Current = p.Current, Latest = p.Latest, Advisory = p.Advisory, ObservedAt = at,
            }));
            return await ctx.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<(DateTimeOffset At, DependencyStatus Status)>> HistoryAsync(string target, string package, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<(DateTimeOffset, DependencyStatus)>>(async ctx =>
        {
            var rows = await ctx.DependencyObservations.AsNoTracking()
                .Where(o => o.Target == target && o.Package == package)
                .OrderBy(o => o.ObservedAt).ThenBy(o => o.Id)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            return [.. rows.Select(o => (o.ObservedAt, new DependencyStatus(o.Ecosystem, o.Package, o.Current, o.Latest, o.Advisory)))];
        }, cancellationToken);
}
