using Agent.Workflows.Model;

namespace Agent.Workflows.Expressions;

/// <summary>
/// Evaluates <c>Variable</c> expressions: reads the referenced variable (by id, then by name) and converts its
/// value to the input's type. See <see cref="VariableReference"/> for the reference shapes Elsa writes.
/// An empty reference evaluates to the type's default, as in Elsa; <see cref="Validate"/> reports it.
/// </summary>
public sealed class VariableExpressionEvaluator : IExpressionEvaluator
{
    /// <inheritdoc />
    public string Syntax => "Variable";

    /// <inheritdoc />
    public object? Evaluate(ExpressionModel expression, Type targetType, IExpressionScope scope)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(scope);
        var reference = VariableReference.Parse(expression.Value);
        if (reference is null) return ValueConverter.ConvertTo(null, targetType);

        if (!TryRead(scope, reference, out var value))
            throw new ExpressionException($"Variable {reference} is not defined in this workflow.");
        try
        {
            return ValueConverter.ConvertTo(value, targetType);
        }
        catch (FormatException ex)
        {
            throw new ExpressionException($"Variable {reference}: {ex.Message}", ex);
        }
    }

    /// <inheritdoc />
    public string? Validate(ExpressionModel expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return VariableReference.Parse(expression.Value) is null ? "the Variable expression does not name a variable" : null;
    }

    private static bool TryRead(IExpressionScope scope, VariableReference reference, out object? value)
    {
        foreach (var key in reference.Keys)
        {
            if (scope.TryGetVariable(key, out value)) return true;
        }
        value = null;
        return false;
    }
}
