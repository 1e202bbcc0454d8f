using System.Text.Json;
using System.Text.Json.Nodes;
using Agent.Workflows.Model;

namespace Agent.Workflows.Activities.Workflows;

/// <summary>
/// Which other definitions a definition calls: workflow activities (nodes naming a <c>workflowDefinitionId</c>) and
/// <c>Elsa.ExecuteWorkflow</c> / <c>Elsa.DispatchWorkflow</c> whose definition id is a literal. Used to refuse cycles.
/// </summary>
public static class WorkflowReferences
{
    /// <summary>Type names of the activities that start another definition by id.</summary>
    public static readonly IReadOnlySet<string> StarterTypes = new HashSet<string>(StringComparer.Ordinal) { "Elsa.ExecuteWorkflow", "Elsa.DispatchWorkflow" };

    /// <summary>The definition ids referred to anywhere under <paramref name="root"/>, nested containers included.</summary>
    public static IReadOnlyList<string> Of(ActivityNode root)
    {
        var found = new List<string>();
        Walk(JsonSerializer.SerializeToNode(root, WorkflowJson.Options), found);
        return found.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The definition id a node calls, or null: a workflow activity's <c>workflowDefinitionId</c>, or a starter's literal input.</summary>
    public static string? Target(ActivityNode node)
    {
        if (node.TryGetProperty("workflowDefinitionId", out var raw))
        {
            if (raw.ValueKind == JsonValueKind.String) return raw.GetString();
            if (StarterTypes.Contains(node.Type) && node.GetInput("workflowDefinitionId")?.Expression is { Type: "Literal" } e) return e.Text;
        }
        return null;
    }

    /// <summary>
    /// The chain from <paramref name="start"/> back to <paramref name="target"/> through <paramref name="referencesOf"/>
    /// (e.g. <c>B → C → A</c>), or null when <paramref name="start"/> never leads to <paramref name="target"/>.
    /// </summary>
    public static IReadOnlyList<string>? FindPath(string start, string target, Func<string, IReadOnlyList<string>> referencesOf)
    {
        var previous = new Dictionary<string, string?>(StringComparer.Ordinal) { [start] = null };
        var queue = new Queue<string>([start]);
        while (queue.Count > 0)
        {
            var current = queue.Dequeue();
            if (current == target)
            {
                var path = new List<string>();
                for (string? at = current; at is not null; at = previous[at]) path.Add(at);
                path.Reverse();
                return path;
            }
            foreach (var next in referencesOf(current))
                if (previous.TryAdd(next, current)) queue.Enqueue(next);
        }
        return null;
    }

    private static void Walk(JsonNode? node, List<string> found)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["type"] is JsonValue t && t.TryGetValue<string>(out var type) && o["id"] is JsonValue)
                {
                    var target = o["workflowDefinitionId"];
                    if (target is JsonValue v && v.TryGetValue<string>(out var id)) found.Add(id);
                    else if (StarterTypes.Contains(type) && target?["expression"] is JsonObject e
                        && e["type"]?.ToString() == "Literal" && e["value"] is JsonValue lv && lv.TryGetValue<string>(out var literal)) found.Add(literal);
                }
                foreach (var (_, child) in o) Walk(child, found);
                break;
            case JsonArray a:
                foreach (var child in a) Walk(child, found);
                break;
        }
    }
}
