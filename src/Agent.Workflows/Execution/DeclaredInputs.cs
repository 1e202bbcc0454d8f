using System.Text.Json;
using Agent.Workflows.Expressions;
using Agent.Workflows.Model;

namespace Agent.Workflows.Execution;

/// <summary>Values of a definition's declared inputs that the starter did not give.</summary>
internal static class DeclaredInputs
{
    /// <summary>The input's <c>defaultValue</c> as a plain value (Elsa writes it beside the input's name), else null.</summary>
    public static object? DefaultValue(InputDefinition input) =>
        input.Extra is { } extra && extra.FirstOrDefault(p => string.Equals(p.Key, "defaultValue", StringComparison.OrdinalIgnoreCase)) is { Key: not null } d
            && d.Value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
            ? PlainValues.From(d.Value) : null;
}
