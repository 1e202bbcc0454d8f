using Agent.Workflows.Execution.Flowchart;
using Agent.Workflows.Expressions;
using Agent.Workflows.Model;
using Agent.Workflows.Runtime;

namespace Agent.Workflows.Execution;

/// <summary>
/// One run of an instance in this process: the instance, its compiled definition, and the services
/// activities use. Also the scope expressions see.
/// </summary>
internal sealed class WorkflowExecution(
    WorkflowInstance instance, CompiledWorkflow workflow, IServiceProvider services, ExpressionEvaluatorRegistry expressions,
    TimeProvider clock, Action<WorkflowInstance, string>? onLine, CancellationToken cancellationToken) : IExpressionScope
{
    public WorkflowInstance Instance { get; } = instance;
    public CompiledWorkflow Workflow { get; } = workflow;
    public IServiceProvider Services { get; } = services;
    public ExpressionEvaluatorRegistry Expressions { get; } = expressions;
    public TimeProvider Clock { get; } = clock;
    public CancellationToken CancellationToken { get; } = cancellationToken;
    public WorkflowState State => Instance.State;

    /// <summary>Changes not yet written to the store.</summary>
    // A field, not a property: the struct is changed in place and must never be copied.
    public PendingCommit Pending;

    // Mutable struct: a field, never copied out (see RunClock).
    private RunClock _time;

    /// <summary>A stopwatch reading, for <see cref="TimeAt"/> and durations; one read per step boundary.</summary>
    public long Timestamp() => RunClock.Timestamp();

    /// <summary>The wall-clock time of a <see cref="Timestamp"/> taken just now.</summary>
    public DateTimeOffset TimeAt(long timestamp) => _time.TimeAt(Clock, timestamp);

    /// <summary>The time from one <see cref="Timestamp"/> to another.</summary>
    public TimeSpan Elapsed(long from, long to) => RunClock.Elapsed(from, to);

    /// <summary>When a step that started at <paramref name="startedAt"/> and took <paramref name="elapsed"/> ended.</summary>
    public DateTimeOffset EndOf(DateTimeOffset startedAt, TimeSpan elapsed) => RunClock.EndOf(Clock, startedAt, elapsed);

    public string InstanceId => Instance.Id;
    public string DefinitionId => Instance.DefinitionId;
    public string? CorrelationId { get => Instance.CorrelationId; set => Instance.CorrelationId = value; }
    public IReadOnlyList<VariableDefinition> DeclaredVariables => Workflow.Definition.Variables;
    public IReadOnlyDictionary<string, object?> Input => State.Input;
    public object? LastResult => State.LastResult;

    public bool TryGetVariable(string nameOrId, out object? value) =>
        State.Variables.TryGetValue(ResolveVariableName(nameOrId), out value);

    public void SetVariable(string nameOrId, object? value) => State.Variables[ResolveVariableName(nameOrId)] = value;

    public bool TryGetActivityOutput(string activityIdOrName, string outputName, out object? value)
    {
        value = null;
        var id = State.ActivityOutputs.ContainsKey(activityIdOrName) ? activityIdOrName
            : Workflow.NamesToIds.TryGetValue(activityIdOrName, out var byName) ? byName : activityIdOrName;
        return State.ActivityOutputs.TryGetValue(id, out var outputs) && OutputNames.TryGet(outputs, outputName, out value);
    }

    public void SetActivityOutput(string activityId, string name, object? value)
    {
        if (!State.ActivityOutputs.TryGetValue(activityId, out var outputs))
            State.ActivityOutputs[activityId] = outputs = new Dictionary<string, object?>(StringComparer.Ordinal);
        outputs[name] = value;
        State.LastResult = value;
    }

    /// <summary>Writes a captured output to the variable with that id, else to the workflow output of that name (Elsa's memory reference).</summary>
    public void CaptureOutput(string reference, object? value)
    {
        if (Workflow.Definition.Variables.Any(v => v.Id == reference || v.Name == reference)) SetVariable(reference, value);
        else if (Workflow.Definition.Outputs.Any(o => string.Equals(o.Name, reference, StringComparison.OrdinalIgnoreCase))) State.Output[reference] = value;
        else SetVariable(reference, value);
    }

    public void WriteLine(string text)
    {
        State.OutputLines.Add(text);
        onLine?.Invoke(Instance, text);
    }

    // Elsa refers to variables by id in some places (output capture, Variable expressions) and by name in others.
    private string ResolveVariableName(string nameOrId)
    {
        foreach (var v in Workflow.Definition.Variables)
            if (string.Equals(v.Id, nameOrId, StringComparison.Ordinal)) return v.Name;
        return nameOrId;
    }

    /// <summary>Sets declared variables to their default values and stores the input.</summary>
    public void Initialize(IReadOnlyDictionary<string, object?>? input)
    {
        foreach (var v in Workflow.Definition.Variables)
            State.Variables[v.Name] = VariableDefaults.Convert(v, out _);
        if (input is not null)
            foreach (var (k, val) in input) State.Input[k] = ValueConverter.ToPlain(val);
        // A declared input the starter did not give still exists (Elsa's getX() for it returns null, not a ReferenceError).
        foreach (var declared in Workflow.Definition.Inputs)
            if (!string.IsNullOrEmpty(declared.Name)) State.Input.TryAdd(declared.Name, DeclaredInputs.DefaultValue(declared));
    }
}
