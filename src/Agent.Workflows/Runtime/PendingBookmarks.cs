using Agent.Workflows.Execution;
using System.Collections.Concurrent;
using Agent.Workflows.Model;
using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;

namespace Agent.Workflows.Runtime;

/// <summary>A bookmark an instance waits on, with the activity that created it (e.g. a pending human approval).</summary>
public sealed record PendingBookmark(
    Bookmark Bookmark, string InstanceId, string DefinitionId, int Version, string? InstanceName, string ActivityType, string? ActivityName);

/// <summary>
/// Lists the bookmarks suspended instances wait on, optionally only those created by one activity type. The activity
/// type is looked up in the definition version each instance runs on (bookmarks store only the activity id).
/// </summary>
public sealed class PendingBookmarks(IWorkflowInstanceStore store, IWorkflowVersionSource versions)
{
    private const int PageSize = 500;

    /// <summary>Pending bookmarks, oldest first, at most <paramref name="take"/>; <paramref name="activityType"/> filters when given.</summary>
    public async Task<IReadOnlyList<PendingBookmark>> ListAsync(string? activityType, int take = 1000, CancellationToken cancellationToken = default)
    {
        var types = new ConcurrentDictionary<string, IReadOnlyDictionary<string, ActivityNode>>(StringComparer.Ordinal);
        var found = new List<PendingBookmark>();
        for (var skip = 0; ; skip += PageSize)
        {
            var page = await store.ListAsync(new InstanceQuery(Status: WorkflowStatus.Suspended, Skip: skip, Take: PageSize), cancellationToken).ConfigureAwait(false);
            foreach (var instance in page)
            {
                if (instance.State.Bookmarks.Count == 0) continue;
                if (!types.TryGetValue(instance.DefinitionVersionId, out var nodes))
                {
                    var definition = await versions.FindVersionAsync(instance.DefinitionVersionId, cancellationToken).ConfigureAwait(false);
                    nodes = types[instance.DefinitionVersionId] = Index(definition);
                }
                foreach (var b in instance.State.Bookmarks)
                {
                    var node = nodes.GetValueOrDefault(b.ActivityId);
                    var type = node?.Type ?? "";
                    if (activityType is not null && !string.Equals(type, activityType, StringComparison.Ordinal)) continue;
                    found.Add(new PendingBookmark(b, instance.Id, instance.DefinitionId, instance.Version, instance.Name, type, node?.Name));
                }
            }
            if (page.Count < PageSize) break;
        }
        return found.OrderBy(p => p.Bookmark.CreatedAt).ThenBy(p => p.Bookmark.Id, StringComparer.Ordinal).Take(take).ToList();
    }

    private static Dictionary<string, ActivityNode> Index(WorkflowDefinition? definition)
    {
        var index = new Dictionary<string, ActivityNode>(StringComparer.Ordinal);
        if (definition is null) return index;
        var stack = new Stack<ActivityNode>([definition.Root]);
        while (stack.TryPop(out var node))
        {
            index.TryAdd(node.Id, node);
            foreach (var child in node.Activities ?? []) stack.Push(child);
        }
        return index;
    }
}
