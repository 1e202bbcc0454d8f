using System.Text.Json;
using Agent.Workflows.Model;

namespace Agent.Workflows.Expressions;

/// <summary>
/// Evaluates Elsa's <c>Object</c> expressions: JSON text (written by the designer's JSON editor) parsed and
/// converted to the input's type. Empty text evaluates to the type's default.
/// </summary>
public sealed class ObjectExpressionEvaluator : IExpressionEvaluator
{
    /// <inheritdoc />
    public string Syntax => "Object";

    /// <inheritdoc />
    public object? Evaluate(ExpressionModel expression, Type targetType, IExpressionScope scope)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var text = expression.Text;
        if (string.IsNullOrWhiteSpace(text)) return ValueConverter.ConvertTo(null, targetType);
        try
        {
            using var document = JsonDocument.Parse(text);
            return ValueConverter.ConvertTo(document.RootElement, targetType);
        }
        catch (JsonException ex)
        {
            throw new ExpressionException($"Object expression `{ExpressionText.Shorten(text)}` is not valid JSON: {ex.Message}", ex);
        }
        catch (FormatException ex)
        {
            throw new ExpressionException($"Object expression `{ExpressionText.Shorten(text)}`: {ex.Message}", ex);
        }
    }

    /// <inheritdoc />
    public string? Validate(ExpressionModel expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var text = expression.Text;
        if (string.IsNullOrWhiteSpace(text)) return null;
        try
        {
            using var document = JsonDocument.Parse(text);
            return null;
        }
        catch (JsonException ex)
        {
            return "not valid JSON: " + ex.Message;
        }
    }
}
