using System.Text.Json.Nodes;

namespace Agent.Server.Api;

/// <summary>
/// Walks a definition's activity JSON the way Elsa Studio does: a flowchart's or a sequence's <c>activities</c>, and the
/// child activities embedded in ports (<c>body</c>, <c>then</c>, <c>else</c>, <c>default</c>, a switch's
/// <c>cases[].activity</c>, any other property holding an activity). Each activity is reported once, parents first,
/// with its node id and how it hangs off its parent.
/// </summary>
public static class ActivityTree
{
    /// <summary>
    /// Every activity under (and including) <paramref name="root"/>. Node ids are the ones the JSON holds, or, when
    /// missing, Elsa's (the root's derived from <paramref name="parentNodeId"/> when given): the parent's node id, a colon, the activity id (see <see cref="ActivityNodeIds.Of"/>).
    /// </summary>
    public static IEnumerable<TreeNode> Walk(JsonObject root, string? parentNodeId = null)
    {
        var pending = new Stack<TreeNode>();
        pending.Push(new TreeNode(root, NodeIdOf(root, parentNodeId), null, null));
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            yield return node;
            // Pushed in reverse so children come out in document order.
            foreach (var (port, child) in Children(node.Activity).Reverse())
                pending.Push(new TreeNode(child, NodeIdOf(child, node.NodeId), node, port));
        }
    }

    /// <summary>
    /// The activities held directly by <paramref name="activity"/>, each with its port as Elsa Studio names it: the
    /// PascalCase property name (<c>Body</c>, <c>Then</c>, <c>Activities</c>), a switch case's label, or <c>Default</c>.
    /// </summary>
    public static IEnumerable<(string Port, JsonObject Child)> Children(JsonObject activity)
    {
        foreach (var (key, value) in activity)
        {
            if (key is "metadata" or "customProperties") continue;
            if (value is JsonObject single && IsActivity(single))
            {
                yield return (Pascal(key), single);
                continue;
            }
            if (value is not JsonArray items) continue;
            // A container's list holds activities, whatever else they lack; in other lists, objects that look like one.
            var isActivityList = key == "activities";
            foreach (var item in items.OfType<JsonObject>())
            {
                if (isActivityList || IsActivity(item)) yield return (Pascal(key), item);
                // A switch case: {label, condition, activity}; Elsa Studio names its port by the label.
                else if (item["activity"] is JsonObject inCase && IsActivity(inCase))
                    yield return (item["label"] is JsonValue label && label.TryGetValue<string>(out var text) ? text : Pascal(key), inCase);
            }
        }
    }

    // An activity has a type name and an id; input bindings ({typeName, expression}) and expressions have neither pair.
    private static bool IsActivity(JsonObject o) =>
        o["type"] is JsonValue type && type.TryGetValue<string>(out _) && o["id"] is JsonValue id && id.TryGetValue<string>(out _);

    private static string NodeIdOf(JsonObject activity, string? parentNodeId)
    {
        var id = activity["id"] is JsonValue v && v.TryGetValue<string>(out var text) ? text : "";
        var own = activity["nodeId"] is JsonValue n && n.TryGetValue<string>(out var nodeId) ? nodeId : null;
        return ActivityNodeIds.Of(id, own, parentNodeId);
    }

    private static string Pascal(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..];
}

/// <summary>One activity found by <see cref="ActivityTree.Walk"/>.</summary>
/// <param name="Activity">The activity's JSON, as stored.</param>
/// <param name="NodeId">Its node id.</param>
/// <param name="Parent">The activity holding it; null for the root.</param>
/// <param name="Port">How the parent holds it (<c>Body</c>, <c>Activities</c>, a case label…); null for the root.</param>
public sealed record TreeNode(JsonObject Activity, string NodeId, TreeNode? Parent, string? Port)
{
    /// <summary>The activity's id.</summary>
    public string Id => Activity["id"] is JsonValue v && v.TryGetValue<string>(out var id) ? id : "";

    /// <summary>The activity's type name.</summary>
    public string Type => Activity["type"] is JsonValue v && v.TryGetValue<string>(out var type) ? type : "";
}
