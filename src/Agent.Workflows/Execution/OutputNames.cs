namespace Agent.Workflows.Execution;

/// <summary>Finds an activity's output by name: activities store them camelCased, Elsa's descriptors and scripts often spell them PascalCase.</summary>
internal static class OutputNames
{
    public static bool TryGet(Dictionary<string, object?> outputs, string name, out object? value)
    {
        if (outputs.TryGetValue(name, out value)) return true;
        foreach (var (key, candidate) in outputs)
        {
            if (!string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) continue;
            value = candidate;
            return true;
        }
        return false;
    }
}
