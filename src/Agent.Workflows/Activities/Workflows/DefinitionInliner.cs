using System.Text.Json;
using System.Text.Json.Nodes;
using Agent.Workflows.Model;

namespace Agent.Workflows.Activities.Workflows;

/// <summary>
/// Copies a definition's root flowchart for running inside another definition: every activity id (and node id) is
/// prefixed with the using node's id (<c>outer:inner</c>) and connections are rewritten to match, so two uses of one
/// workflow, and the parent's own activities, never share an id. The definition's variables move onto the copied root
/// (they live in its frame), and references to them by id become references by name, the key frames use.
/// </summary>
internal static class DefinitionInliner
{
    /// <summary>The root of <paramref name="definition"/> with ids under <paramref name="prefix"/>.</summary>
    public static ActivityNode Inline(WorkflowDefinition definition, string prefix)
    {
        var root = JsonSerializer.SerializeToNode(definition.Root, WorkflowJson.Options)!.AsObject();
        var variableNames = definition.Variables.Where(v => !string.IsNullOrEmpty(v.Id) && !string.IsNullOrEmpty(v.Name))
            .GroupBy(v => v.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Name, StringComparer.Ordinal);
        Rewrite(root, prefix, variableNames);
        if (definition.Variables.Count > 0)
        {
            var variables = JsonSerializer.SerializeToNode(definition.Variables, WorkflowJson.Options)!.AsArray();
            foreach (var v in variables.OfType<JsonObject>()) v["id"] = v["name"]?.DeepClone();
            root["variables"] = variables;
        }
        return root.Deserialize<ActivityNode>(WorkflowJson.Options)!;
    }

    private static void Rewrite(JsonNode? node, string prefix, IReadOnlyDictionary<string, string> variableNames)
    {
        switch (node)
        {
            case JsonObject o:
                if (IsActivity(o))
                {
                    o["id"] = $"{prefix}:{o["id"]}";
                    o["nodeId"] = o["nodeId"] is JsonValue n && n.TryGetValue<string>(out var nodeId) ? $"{prefix}:{nodeId}" : o["id"]!.DeepClone();
                    if (o["connections"] is JsonArray connections)
                        foreach (var c in connections.OfType<JsonObject>()) RewriteConnection(c, prefix);
                    if (o["start"] is JsonValue s && s.TryGetValue<string>(out var start)) o["start"] = $"{prefix}:{start}";
                }
                // Captures and Variable expressions may name an inner variable by id; frames know variables by name.
                if (o["memoryReference"] is JsonObject mr) RenameVariable(mr, "id", variableNames);
                if (o["type"]?.ToString() == "Variable" && o.ContainsKey("value")) RenameVariable(o, "value", variableNames);
                foreach (var (key, child) in o.ToList())
                    if (key != "connections") Rewrite(child, prefix, variableNames);
                break;
            case JsonArray a:
                foreach (var child in a) Rewrite(child, prefix, variableNames);
                break;
        }
    }

    private static bool IsActivity(JsonObject o) =>
        o["id"] is JsonValue id && id.TryGetValue<string>(out _) && o["type"] is JsonValue type && type.TryGetValue<string>(out var t)
        && t != "Variable" && !o.ContainsKey("expression");

    private static void RenameVariable(JsonObject o, string key, IReadOnlyDictionary<string, string> variableNames)
    {
        if (o[key] is JsonValue v && v.TryGetValue<string>(out var id) && variableNames.TryGetValue(id, out var name)) o[key] = name;
    }

    // Both shapes Elsa writes: source{activity, port} and the flat source/target strings of earlier releases.
    private static void RewriteConnection(JsonObject c, string prefix)
    {
        foreach (var end in new[] { "source", "target" })
        {
            switch (c[end])
            {
                case JsonObject o when o["activity"] is JsonValue a && a.TryGetValue<string>(out var id): o["activity"] = $"{prefix}:{id}"; break;
                case JsonValue v when v.TryGetValue<string>(out var flat): c[end] = $"{prefix}:{flat}"; break;
            }
        }
    }
}
