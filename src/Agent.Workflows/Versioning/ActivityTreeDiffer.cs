using Agent.Workflows.Model;

namespace Agent.Workflows.Versioning;

/// <summary>
/// Walks two activity trees side by side. Children are matched by id within their container, so an
/// activity moved into another flowchart reads as removed there and added here. Nested containers
/// recurse, giving paths such as <c>root/sub1/a3</c>.
/// </summary>
internal static class ActivityTreeDiffer
{
    /// <summary>Compares two roots; they are always matched, whatever their ids.</summary>
    public static void Compare(ActivityNode from, ActivityNode to, DiffBuilder diff)
    {
        var rootPath = string.IsNullOrEmpty(to.Id) ? "root" : to.Id;
        CompareNode(rootPath, from, to, diff);
    }

    private static void CompareNode(string path, ActivityNode from, ActivityNode to, DiffBuilder diff)
    {
        var changes = ActivityPropertyDiffer.Compare(from, to);
        if (changes.Count > 0) diff.ActivitiesChanged.Add(new ActivityChange(path, to.Id, to.Type, changes));
        ActivityLayoutDiffer.Compare(path, from, to, diff);

        // A node that stops (or starts) being a container reports its old (or new) children as removed (or added).
        if (from.Activities is null && to.Activities is null) return;
        CompareChildren(path, from.Activities ?? [], to.Activities ?? [], diff);
        ConnectionDiffer.Compare(path, from.Connections, to.Connections, diff);
    }

    private static void CompareChildren(string parentPath, List<ActivityNode> from, List<ActivityNode> to, DiffBuilder diff)
    {
        var before = ById(from);
        var after = ById(to);
        foreach (var (id, node) in before)
        {
            var path = $"{parentPath}/{id}";
            if (after.TryGetValue(id, out var match)) CompareNode(path, node, match, diff);
            else diff.ActivitiesRemoved.Add(Entry(path, node));
        }
        foreach (var (id, node) in after)
            if (!before.ContainsKey(id)) diff.ActivitiesAdded.Add(Entry($"{parentPath}/{id}", node));
    }

    /// <summary>Ids are unique within a valid container; should one repeat, the first occurrence wins.</summary>
    private static Dictionary<string, ActivityNode> ById(List<ActivityNode> nodes)
    {
        var map = new Dictionary<string, ActivityNode>(StringComparer.Ordinal);
        foreach (var node in nodes) map.TryAdd(node.Id, node);
        return map;
    }

    private static ActivityDiffEntry Entry(string path, ActivityNode node) => new(path, node.Id, node.Type, node.Name);
}
