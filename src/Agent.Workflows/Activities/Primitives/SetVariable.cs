using Agent.Workflows.Execution;
using Agent.Workflows.Expressions;

namespace Agent.Workflows.Activities.Primitives;

/// <summary>Sets a workflow variable to the value of an expression.</summary>
[Activity("Elsa", "Primitives", "Assign a value to a workflow variable.")]
public sealed class SetVariable : IActivity
{
    /// <summary>The variable to set, written by Elsa as the variable object itself.</summary>
    [Input(Description = "The variable to assign the value to.", UIHint = "variable-picker", Order = 0)]
    public VariableReference? Variable { get; set; }

    /// <summary>The value to assign.</summary>
    [Input(Description = "The value to assign.", Order = 1)]
    public Input<object> Value { get; set; } = null!;

    /// <inheritdoc />
    public ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        // Elsa matches by id; the name is a fallback for hand-written definitions that omit the id.
        var declared = context.Scope.DeclaredVariables;
        var variable = Variable?.Keys.Select(k => declared.FirstOrDefault(v => v.Id == k || v.Name == k)).FirstOrDefault(v => v is not null);
        var target = variable?.Name ?? Variable?.Name ?? Variable?.Id;
        if (string.IsNullOrEmpty(target))
            throw new WorkflowFaultException($"SetVariable '{context.ActivityId}' names no variable; choose one in its 'variable' input.");
        // Like Elsa, the value takes the variable's declared type (a JavaScript number becomes an Int32 for an Int32 variable).
        var type = Descriptors.TypeNames.Resolve(variable?.TypeName ?? Variable?.TypeName);
        var value = context.Get(Value);
        context.SetVariable(target, type is null || variable?.IsArray == true ? value : ValueConverter.ConvertTo(value, type));
        return ValueTask.CompletedTask;
    }
}
