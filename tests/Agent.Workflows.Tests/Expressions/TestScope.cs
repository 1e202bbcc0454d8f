using Agent.Workflows.Expressions;
using Agent.Workflows.Model;

namespace Agent.Workflows.Tests.Expressions;

/// <summary>A dictionary-backed <see cref="IExpressionScope"/> for expression tests.</summary>
internal sealed class TestScope : IExpressionScope
{
    private readonly List<VariableDefinition> _declared = [];

    public string InstanceId { get; set; } = "instance-1";
    public string DefinitionId { get; set; } = "definition-1";
    public string? CorrelationId { get; set; }
    public IReadOnlyList<VariableDefinition> DeclaredVariables => _declared;

    /// <summary>Variable values by name.</summary>
    public Dictionary<string, object?> Variables { get; } = new(StringComparer.Ordinal);

    /// <summary>Every write, in order, so tests can tell whether a variable was written at all.</summary>
    public List<(string Name, object? Value)> Writes { get; } = [];

    /// <summary>Called after each write (with the number of writes so far), so a test can act at an exact point of a running script.</summary>
    public Action<int>? Written { get; set; }

    public Dictionary<string, object?> InputValues { get; } = new(StringComparer.OrdinalIgnoreCase);
    public IReadOnlyDictionary<string, object?> Input => InputValues;

    /// <summary>Outputs by activity id, then output name.</summary>
    public Dictionary<string, Dictionary<string, object?>> Outputs { get; } = new(StringComparer.Ordinal);

    /// <summary>Activity names mapped to ids.</summary>
    public Dictionary<string, string> ActivityNames { get; } = new(StringComparer.Ordinal);

    public object? LastResult { get; set; }
    public CancellationToken CancellationToken { get; set; }

    /// <summary>Declares a variable and sets its value.</summary>
    public TestScope Declare(string name, object? value, string? id = null)
    {
        _declared.Add(new VariableDefinition { Id = id ?? "id-" + name, Name = name });
        Variables[name] = value;
        return this;
    }

    /// <summary>Records an output of an activity that ran.</summary>
    public TestScope Output(string activityId, string activityName, string outputName, object? value)
    {
        ActivityNames[activityName] = activityId;
        if (!Outputs.TryGetValue(activityId, out var outputs)) Outputs[activityId] = outputs = new(StringComparer.Ordinal);
        outputs[outputName] = value;
        return this;
    }

    public bool TryGetVariable(string nameOrId, out object? value)
    {
        if (Variables.TryGetValue(nameOrId, out value)) return true;
        var declared = _declared.FirstOrDefault(v => v.Id == nameOrId);
        if (declared is not null) return Variables.TryGetValue(declared.Name, out value);
        value = null;
        return false;
    }

    public void SetVariable(string nameOrId, object? value)
    {
        var name = _declared.FirstOrDefault(v => v.Id == nameOrId)?.Name ?? nameOrId;
        Variables[name] = value;
        Writes.Add((name, value));
        Written?.Invoke(Writes.Count);
    }

    public bool TryGetActivityOutput(string activityIdOrName, string outputName, out object? value)
    {
        var id = ActivityNames.GetValueOrDefault(activityIdOrName, activityIdOrName);
        value = null;
        return Outputs.TryGetValue(id, out var outputs) && outputs.TryGetValue(outputName, out value);
    }
}
