using Agent.Workflows.Persistence.EntityFramework;
using Microsoft.EntityFrameworkCore;

namespace Agent.Workflows.Persistence.Retention;

/// <summary>A finished instance the limits no longer keep, with what deciding on it needs.</summary>
/// <param name="Id">The instance id.</param>
/// <param name="At">When it finished (or was last updated): the sweep's order.</param>
/// <param name="StateJson">Its serialized state, read for the parent link.</param>
internal sealed record RetentionCandidate(string Id, DateTimeOffset At, string StateJson);

/// <summary>
/// Picks one page of instances to delete from the expired ones, the longest finished first, passing over the children
/// whose parent has not ended (<see cref="LiveParents"/>). Reads in keyset order past the passed-over ones, so a page
/// fills even when the oldest candidates are all kept children, and the sweep does not stop short of the rest.
/// </summary>
internal static class DeletablePage
{
    /// <summary>Up to <paramref name="pageSize"/> ids from <paramref name="expired"/> that nothing will read again.</summary>
    public static async Task<List<string>> SelectAsync(WorkflowDbContext db, IQueryable<InstanceRecord> expired, int pageSize, CancellationToken cancellationToken)
    {
        var page = new List<string>(pageSize);
        RetentionCandidate? last = null;
        while (page.Count < pageSize)
        {
            var chunk = await After(expired, last)
                .OrderBy(x => x.FinishedAt ?? x.UpdatedAt).ThenBy(x => x.Id)
                .Select(x => new RetentionCandidate(x.Id, x.FinishedAt ?? x.UpdatedAt, x.StateJson))
                .Take(pageSize).ToListAsync(cancellationToken).ConfigureAwait(false);
            if (chunk.Count == 0) break;
            var kept = await LiveParents.ChildrenToKeepAsync(db, chunk, cancellationToken).ConfigureAwait(false);
            foreach (var candidate in chunk)
                if (page.Count < pageSize && !kept.Contains(candidate.Id)) page.Add(candidate.Id);
            if (chunk.Count < pageSize) break;
            last = chunk[^1];
        }
        return page;
    }

    // The candidates after `last` in the sweep's order (finish time, then id).
    private static IQueryable<InstanceRecord> After(IQueryable<InstanceRecord> expired, RetentionCandidate? last)
    {
        if (last is null) return expired;
        var at = last.At;
        var id = last.Id;
        return expired.Where(x => (x.FinishedAt ?? x.UpdatedAt) > at || ((x.FinishedAt ?? x.UpdatedAt) == at && string.Compare(x.Id, id) > 0));
    }
}
