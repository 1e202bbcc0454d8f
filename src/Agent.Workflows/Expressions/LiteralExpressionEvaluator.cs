using Agent.Workflows.Model;

namespace Agent.Workflows.Expressions;

/// <summary>
/// Evaluates <c>Literal</c> expressions: the JSON value itself, converted to the input's type
/// (Elsa stores most literals as strings, e.g. <c>"5"</c> for an Int32 input).
/// </summary>
public sealed class LiteralExpressionEvaluator : IExpressionEvaluator
{
    /// <inheritdoc />
    public string Syntax => "Literal";

    /// <inheritdoc />
    public object? Evaluate(ExpressionModel expression, Type targetType, IExpressionScope scope)
    {
        ArgumentNullException.ThrowIfNull(expression);
        try
        {
            return ValueConverter.ConvertTo(expression.Value, targetType);
        }
        catch (FormatException ex)
        {
            throw new ExpressionException($"Literal `{ExpressionText.Shorten(expression.Text)}`: {ex.Message}", ex);
        }
    }

    /// <inheritdoc />
    public string? Validate(ExpressionModel expression) => null;
}
