using System.Linq.Expressions;
using Agent.Workflows.Persistence.EntityFramework;
using Agent.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Agent.Workflows.Persistence.Retention;

/// <summary>
/// One page of a sweep against the EF model both relational stores share: which finished instances the limits no
/// longer keep (as of the sweep's start), and their deletion in one transaction in foreign-key order.
/// </summary>
internal sealed class RetentionBatch(FinishedInstanceRetentionOptions options, DateTimeOffset now)
{
    private static readonly Expression<Func<InstanceRecord, bool>> IsFinished = x =>
        x.Status == WorkflowStatus.Finished || x.Status == WorkflowStatus.Faulted || x.Status == WorkflowStatus.Cancelled;

    /// <summary>Ids of up to a page of instances to remove, the longest finished first.</summary>
    public async Task<List<string>> SelectAsync(WorkflowDbContext db, CancellationToken cancellationToken)
    {
        var finished = db.Instances.Where(IsFinished);
        var expired = await ExpiredAsync(db, finished, cancellationToken).ConfigureAwait(false);
        if (expired is null) return [];
        // Deleting whole instances passes over children a parent that has not ended may still read; clearing journals
        // leaves every instance row (and its state and output) in place, so there the parents lose nothing.
        if (options.Mode == RetentionMode.Delete)
            return await DeletablePage.SelectAsync(db, expired, options.PageSize, cancellationToken).ConfigureAwait(false);
        return await expired
            .Where(x => db.Journal.Any(j => j.InstanceId == x.Id)) // already cleared ones are done
            .OrderBy(x => x.FinishedAt ?? x.UpdatedAt).ThenBy(x => x.Id)
            .Select(x => x.Id).Take(options.PageSize)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    // Finished instances either limit no longer keeps, or null when both keep all of them.
    private async Task<IQueryable<InstanceRecord>?> ExpiredAsync(WorkflowDbContext db, IQueryable<InstanceRecord> finished, CancellationToken cancellationToken)
    {
        // UTC: Npgsql writes only offset-zero instants to a timestamptz.
        DateTimeOffset? cutoff = options.KeepFor is { } keepFor ? (now - keepFor).ToUniversalTime() : null;
        // The oldest instance the count limit keeps; everything finished before it goes.
        var boundary = options.KeepLast is { } keepLast
            ? await finished
                .OrderByDescending(x => x.FinishedAt ?? x.UpdatedAt).ThenByDescending(x => x.Id)
                .Skip(keepLast - 1).Select(x => new { At = x.FinishedAt ?? x.UpdatedAt, x.Id })
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false)
            : null;
        if (cutoff is null && boundary is null) return null;

        var boundaryAt = boundary?.At ?? DateTimeOffset.MinValue;
        var boundaryId = boundary?.Id ?? "";
        var hasBoundary = boundary is not null;
        var hasCutoff = cutoff is not null;
        var cutoffAt = cutoff ?? DateTimeOffset.MinValue;
        return finished.Where(x =>
            (hasCutoff && (x.FinishedAt ?? x.UpdatedAt) < cutoffAt) ||
            (hasBoundary && ((x.FinishedAt ?? x.UpdatedAt) < boundaryAt ||
                             ((x.FinishedAt ?? x.UpdatedAt) == boundaryAt && string.Compare(x.Id, boundaryId) < 0))));
    }

    /// <summary>
    /// Deletes the instances <paramref name="ids"/> that are still finished (or only their journals) in one transaction;
    /// returns how many instances it covered.
    /// </summary>
    public async Task<int> ApplyAsync(WorkflowDbContext db, List<string> ids, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // A write first: on SQLite it takes the write lock before any read (a read-then-write transaction can fail when
        // another writer commits in between); on PostgreSQL it row-locks the instances, so a concurrent commit of one
        // waits for this transaction and then finds it gone (a revision conflict) rather than writing beside it.
        var covered = await db.Instances.Where(x => ids.Contains(x.Id)).Where(IsFinished)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, x => x.Status), cancellationToken).ConfigureAwait(false);
        var targets = db.Instances.Where(x => ids.Contains(x.Id)).Where(IsFinished).Select(x => x.Id);

        await db.Journal.Where(x => targets.Contains(x.InstanceId)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        if (options.Mode == RetentionMode.Delete)
        {
            // Children before their parent, so the deletion holds with or without the schema's cascades.
            await db.Bookmarks.Where(x => targets.Contains(x.InstanceId)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            await db.Incidents.Where(x => targets.Contains(x.InstanceId)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            await db.InstanceLeases.Where(x => targets.Contains(x.InstanceId)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            covered = await db.Instances.Where(x => ids.Contains(x.Id)).Where(IsFinished).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return covered;
    }
}
