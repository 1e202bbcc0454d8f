using System.Text.Json;
using Agent.Workflows.Model;

namespace Agent.Workflows.Execution.Frames;

/// <summary>
/// Variables a container declares on its own node (Elsa lets a nested flowchart or a sequence have <c>variables</c>):
/// they live in the container's frame, so each run of it — each loop iteration — starts from their defaults.
/// </summary>
internal static class ContainerVariables
{
    /// <summary>The declared variables with their default values by name, fresh for each run; null when there are none.</summary>
    public static Dictionary<string, object?>? Read(IReadOnlyList<VariableDefinition>? declared)
    {
        if (declared is not { Count: > 0 }) return null;
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var v in declared) values[v.Name] = VariableDefaults.Convert(v, out _);
        return values;
    }

    /// <summary>The variables declared on the node; null when there are none or they are not a list of variables.</summary>
    public static List<VariableDefinition>? Declared(ActivityNode node)
    {
        if (!node.TryGetProperty("variables", out var raw) || raw.ValueKind != JsonValueKind.Array || raw.GetArrayLength() == 0) return null;
        try { return raw.Deserialize<List<VariableDefinition>>(WorkflowJson.Options)?.Where(v => !string.IsNullOrEmpty(v.Name)).ToList(); }
        catch (JsonException) { return null; }
    }
}
