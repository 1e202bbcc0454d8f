using System.Text.Json;
using Agent.Workflows.Persistence.EntityFramework;
using Agent.Workflows.Persistence.Serialization;
using Agent.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Agent.Workflows.Persistence.Retention;

/// <summary>
/// Which finished children a parent may still read. A parent started by <c>Elsa.ExecuteWorkflow</c> or
/// <c>Elsa.DispatchWorkflow</c> looks its child up again after a crash — recovery resumes it with the child's output,
/// or re-runs the starting activity, which finds the child by its derived id instead of starting another — so a child
/// stays while its parent exists and has not ended. Ended is final (a finished, faulted or cancelled instance never
/// runs again), so a parent found ended once stays ended and the answer cannot turn stale before the deletion.
/// </summary>
internal static class LiveParents
{
    /// <summary>The ids among <paramref name="candidates"/> whose parent instance exists and has not ended.</summary>
    public static async Task<HashSet<string>> ChildrenToKeepAsync(WorkflowDbContext db, IReadOnlyList<RetentionCandidate> candidates, CancellationToken cancellationToken)
    {
        var parents = new Dictionary<string, string>(StringComparer.Ordinal); // child id -> parent id
        foreach (var candidate in candidates)
            if (ParentOf(candidate.StateJson) is { } parent) parents[candidate.Id] = parent;
        if (parents.Count == 0) return [];

        var parentIds = parents.Values.Distinct(StringComparer.Ordinal).ToList();
        var live = await db.Instances
            .Where(p => parentIds.Contains(p.Id)
                && p.Status != WorkflowStatus.Finished && p.Status != WorkflowStatus.Faulted && p.Status != WorkflowStatus.Cancelled)
            .Select(p => p.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        var liveSet = live.ToHashSet(StringComparer.Ordinal);
        return parents.Where(p => liveSet.Contains(p.Value)).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
    }

    // Reads only the parent link: the rest of the state (variables, outputs) is skipped, not materialised.
    private static string? ParentOf(string stateJson) =>
        JsonSerializer.Deserialize<ParentOnly>(stateJson, StateJson.Options)?.Parent?.InstanceId;

    private sealed class ParentOnly
    {
        public ParentWorkflow? Parent { get; set; }
    }
}
