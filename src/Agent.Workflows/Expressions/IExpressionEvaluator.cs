using Agent.Workflows.Model;

namespace Agent.Workflows.Expressions;

/// <summary>Evaluates expressions of one syntax (<c>Literal</c>, <c>Variable</c>, <c>JavaScript</c>, …).</summary>
public interface IExpressionEvaluator
{
    /// <summary>The expression type name as it appears in definition JSON.</summary>
    string Syntax { get; }

    /// <summary>Evaluates <paramref name="expression"/> and converts the result to <paramref name="targetType"/>.</summary>
    /// <exception cref="ExpressionException">The expression is invalid, failed, or ran past its limits.</exception>
    object? Evaluate(ExpressionModel expression, Type targetType, IExpressionScope scope);

    /// <summary>Checks an expression without running it (used when a definition is validated).</summary>
    /// <returns>Null when valid, otherwise what is wrong.</returns>
    string? Validate(ExpressionModel expression);
}

/// <summary>
/// What an expression can see and change in the running instance. Values are plain: null, bool, long,
/// double, string, <see cref="List{T}"/> of values and string-keyed <see cref="Dictionary{TKey,TValue}"/>.
/// </summary>
public interface IExpressionScope
{
    /// <summary>The running instance's id (<c>getWorkflowInstanceId()</c> in JavaScript).</summary>
    string InstanceId { get; }

    /// <summary>The id shared by every version of the instance's definition (<c>getWorkflowDefinitionId()</c>).</summary>
    string DefinitionId { get; }

    /// <summary>The instance's correlation id; setting it (<c>setCorrelationId</c>) changes the instance's, and bookmarks created later carry the new one.</summary>
    string? CorrelationId { get; set; }

    /// <summary>Variables declared by the definition.</summary>
    IReadOnlyList<VariableDefinition> DeclaredVariables { get; }

    /// <summary>Reads a variable by name or by id.</summary>
    bool TryGetVariable(string nameOrId, out object? value);

    /// <summary>Writes a variable by name or by id (an undeclared name creates it).</summary>
    void SetVariable(string nameOrId, object? value);

    /// <summary>The instance's input.</summary>
    IReadOnlyDictionary<string, object?> Input { get; }

    /// <summary>Reads an output of an activity that already ran, by activity id or name.</summary>
    bool TryGetActivityOutput(string activityIdOrName, string outputName, out object? value);

    /// <summary>The result of the most recently completed activity that produced one.</summary>
    object? LastResult { get; }

    /// <summary>Aborts long evaluations when the instance is cancelled.</summary>
    CancellationToken CancellationToken { get; }
}

/// <summary>An expression that cannot be evaluated. The message names the expression and the reason.</summary>
public sealed class ExpressionException(string message, Exception? inner = null) : Exception(message, inner);
