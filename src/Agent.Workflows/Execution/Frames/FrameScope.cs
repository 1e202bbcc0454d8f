using Agent.Workflows.Expressions;
using Agent.Workflows.Model;
using Agent.Workflows.Runtime;

namespace Agent.Workflows.Execution.Frames;

/// <summary>
/// What an expression sees from inside a frame: the frame chain's own variables (a loop's <c>CurrentValue</c>, a
/// container's declared variables) shadow the instance's, outputs of activities run in the same iteration come first,
/// and inside a workflow used as an activity <c>getInput</c> reads that activity's input.
/// </summary>
internal sealed class FrameScope(WorkflowExecution execution, string? frameId) : IExpressionScope
{
    private IReadOnlyList<VariableDefinition>? _declared;

    public string InstanceId => execution.InstanceId;
    public string DefinitionId => execution.DefinitionId;
    public string? CorrelationId { get => execution.CorrelationId; set => execution.CorrelationId = value; }
    public CancellationToken CancellationToken => execution.CancellationToken;
    public object? LastResult => execution.LastResult;

    public IReadOnlyList<VariableDefinition> DeclaredVariables => _declared ??= Declare();

    public IReadOnlyDictionary<string, object?> Input
    {
        get
        {
            foreach (var f in execution.State.FrameChain(frameId))
                if (f.Input is not null) return f.Input;
            return execution.Input;
        }
    }

    public bool TryGetVariable(string nameOrId, out object? value)
    {
        foreach (var f in execution.State.FrameChain(frameId))
            if (f.Variables.TryGetValue(nameOrId, out value)) return true;
        return execution.TryGetVariable(nameOrId, out value);
    }

    public void SetVariable(string nameOrId, object? value)
    {
        foreach (var f in execution.State.FrameChain(frameId))
        {
            if (!f.Variables.ContainsKey(nameOrId)) continue;
            f.Variables[nameOrId] = value;
            return;
        }
        execution.SetVariable(nameOrId, value);
    }

    public bool TryGetActivityOutput(string activityIdOrName, string outputName, out object? value)
    {
        var id = ResolveActivityId(activityIdOrName);
        foreach (var f in execution.State.FrameChain(frameId))
        {
            if ((f.ActivityOutputs.TryGetValue(activityIdOrName, out var outputs) || f.ActivityOutputs.TryGetValue(id, out outputs))
                && OutputNames.TryGet(outputs, outputName, out value)) return true;
        }
        return execution.TryGetActivityOutput(id, outputName, out value);
    }

    // Inside a workflow used as an activity, ids and names are those of that workflow's definition (compiled under a prefix).
    private string ResolveActivityId(string idOrName)
    {
        foreach (var f in execution.State.FrameChain(frameId))
            if (f.Kind == FrameKind.Composite && f.Input is not null)
                return execution.Workflow.ResolveInlined(f.ActivityId, idOrName) ?? idOrName;
        return execution.Workflow.NamesToIds.TryGetValue(idOrName, out var byName) ? byName : idOrName;
    }

    // Frame variables are offered as declared variables, so JavaScript gets getCurrentValue()/setCurrentValue() for them as Elsa does.
    private IReadOnlyList<VariableDefinition> Declare()
    {
        var frame = execution.State.FindFrame(frameId);
        if (frame is null) return execution.DeclaredVariables;
        var list = new List<VariableDefinition>(execution.DeclaredVariables);
        var seen = new HashSet<string>(list.Select(v => v.Name), StringComparer.Ordinal);
        foreach (var f in execution.State.FrameChain(frameId))
            foreach (var name in f.Variables.Keys)
                if (seen.Add(name)) list.Add(new VariableDefinition { Id = name, Name = name });
        return list;
    }
}
