using Agent.Workflows.Descriptors;
using Agent.Workflows.Expressions;
using Agent.Workflows.Model;

namespace Agent.Workflows.Execution;

/// <summary>Elsa stores a variable's default as text ("0" for an Int32); this converts it to the declared type.</summary>
internal static class VariableDefaults
{
    /// <summary>The default value as a plain value; null with <paramref name="error"/> set when it does not convert.</summary>
    public static object? Convert(VariableDefinition variable, out string? error)
    {
        error = null;
        if (variable.Value is null) return null;
        var type = TypeNames.Resolve(variable.TypeName);
        if (variable.IsArray || type is null) return ValueConverter.ToPlain(variable.Value);
        try { return ValueConverter.ToPlain(ValueConverter.ConvertTo(variable.Value, type)); }
        catch (Exception e) when (e is FormatException or InvalidCastException or ExpressionException or OverflowException)
        {
            error = $"The default value of variable '{variable.Name}' is not a valid {variable.TypeName}: {e.Message}";
            return null;
        }
    }
}
