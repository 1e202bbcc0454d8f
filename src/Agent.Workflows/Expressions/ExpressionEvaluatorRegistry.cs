using Agent.Workflows.Expressions.JavaScript;
using Agent.Workflows.Model;

namespace Agent.Workflows.Expressions;

/// <summary>
/// Finds the evaluator for an expression's syntax (case-insensitively) and runs it. Takes every registered
/// <see cref="IExpressionEvaluator"/>, so it can be resolved from dependency injection; when two evaluators claim
/// the same syntax the later one wins, which lets a host replace a built-in evaluator.
/// </summary>
public sealed class ExpressionEvaluatorRegistry
{
    private readonly Dictionary<string, IExpressionEvaluator> _evaluators = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates a registry over <paramref name="evaluators"/>.</summary>
    public ExpressionEvaluatorRegistry(IEnumerable<IExpressionEvaluator> evaluators)
    {
        ArgumentNullException.ThrowIfNull(evaluators);
        foreach (var evaluator in evaluators) _evaluators[evaluator.Syntax] = evaluator;
    }

    /// <summary>A registry with the built-in evaluators: Literal, Object, Variable and JavaScript.</summary>
    public static ExpressionEvaluatorRegistry CreateDefault(JavaScriptOptions? javaScriptOptions = null) => new(
    [
        new LiteralExpressionEvaluator(),
        new ObjectExpressionEvaluator(),
        new VariableExpressionEvaluator(),
        new JavaScriptExpressionEvaluator(javaScriptOptions),
    ]);

    /// <summary>The syntaxes that can be evaluated, sorted.</summary>
    public IReadOnlyList<string> Syntaxes => _evaluators.Values.Select(e => e.Syntax).Order(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>Finds the evaluator for <paramref name="syntax"/>.</summary>
    public bool TryGet(string syntax, out IExpressionEvaluator evaluator) => _evaluators.TryGetValue(syntax, out evaluator!);

    /// <summary>Evaluates <paramref name="expression"/> and converts the result; a null expression gives the type's default.</summary>
    /// <exception cref="ExpressionException">The syntax is unknown, or the expression failed.</exception>
    /// <exception cref="OperationCanceledException">The scope's cancellation token was cancelled.</exception>
    public object? Evaluate(ExpressionModel? expression, Type targetType, IExpressionScope scope)
    {
        ArgumentNullException.ThrowIfNull(targetType);
        if (expression is null) return ValueConverter.ConvertTo(null, targetType);
        var evaluator = Find(expression.Type);
        try
        {
            return evaluator.Evaluate(expression, targetType, scope);
        }
        catch (FormatException ex)
        {
            // Evaluators wrap their own failures; this only catches one that let a conversion error through.
            throw new ExpressionException($"{evaluator.Syntax} expression `{ExpressionText.Shorten(expression.Text)}`: {ex.Message}", ex);
        }
    }

    /// <summary>Evaluates <paramref name="expression"/> as <typeparamref name="T"/>.</summary>
    /// <exception cref="ExpressionException">The syntax is unknown, or the expression failed.</exception>
    public T? Evaluate<T>(ExpressionModel? expression, IExpressionScope scope) => (T?)Evaluate(expression, typeof(T), scope);

    /// <summary>Checks an expression without running it.</summary>
    /// <returns>Null when valid (or absent), otherwise what is wrong, including an unknown syntax.</returns>
    public string? Validate(ExpressionModel? expression)
    {
        if (expression is null) return null;
        return _evaluators.TryGetValue(expression.Type, out var evaluator) ? evaluator.Validate(expression) : UnknownSyntax(expression.Type);
    }

    private IExpressionEvaluator Find(string syntax) =>
        _evaluators.TryGetValue(syntax, out var evaluator) ? evaluator : throw new ExpressionException(UnknownSyntax(syntax));

    private string UnknownSyntax(string syntax) =>
        $"Unknown expression syntax '{syntax}'; known syntaxes: {string.Join(", ", Syntaxes)}.";
}
