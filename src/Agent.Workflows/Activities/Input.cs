using Agent.Workflows.Model;

namespace Agent.Workflows.Activities;

/// <summary>Non-generic view of an input, used by the engine when binding and evaluating.</summary>
public abstract class Input
{
    private protected Input(string name, ExpressionModel? expression) { Name = name; Expression = expression; }

    /// <summary>The input's JSON name (camelCase).</summary>
    public string Name { get; }

    /// <summary>The bound expression, or null when the definition leaves the input empty.</summary>
    public ExpressionModel? Expression { get; }

    /// <summary>The CLR type the expression's result is converted to.</summary>
    public abstract Type ValueType { get; }
}

/// <summary>An activity input of type <typeparamref name="T"/>, bound to an expression from the definition.</summary>
public sealed class Input<T>(string name, ExpressionModel? expression) : Input(name, expression)
{
    /// <inheritdoc />
    public override Type ValueType => typeof(T);
}

/// <summary>Non-generic view of an output.</summary>
public abstract class Output
{
    private protected Output(string name, string? variableId) { Name = name; VariableId = variableId; }

    /// <summary>The output's JSON name (camelCase).</summary>
    public string Name { get; }

    /// <summary>A variable the definition captures this output into (Elsa's <c>memoryReference</c>), if any.</summary>
    public string? VariableId { get; }
}

/// <summary>An activity output of type <typeparamref name="T"/>.</summary>
public sealed class Output<T>(string name, string? variableId) : Output(name, variableId);
