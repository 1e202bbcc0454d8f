using Jint;
using Jint.Native;

namespace Agent.Workflows.Expressions.JavaScript;

/// <summary>
/// Installs the functions through which a script reads and changes the running instance, with Elsa's names:
/// workflow identity and correlation, variables (by name and through generated accessors), workflow input and
/// activity outputs. Everything is installed lazily, so a script pays only for what it reads.
/// </summary>
internal sealed class ScopeGlobals
{
    /// <summary>The fixed names; generated accessors never replace these.</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "getWorkflowInstanceId", "getWorkflowDefinitionId", "getCorrelationId", "setCorrelationId",
        "getVariable", "setVariable", "getInput", "getOutputFrom", "getLastResult", "variables",
    ];

    // Elsa's getOutputFrom takes the output name as optional; these are the names activities use for their main output.
    // Activities described from classes store their outputs camelCased (ActivityRegistry), so both spellings are tried.
    private static readonly string[] DefaultOutputNames = ["Result", "Output", "result", "output"];

    private readonly Engine _engine;
    private readonly IExpressionScope _scope;
    private VariablesContainer? _variables;

    public ScopeGlobals(Engine engine, IExpressionScope scope)
    {
        _engine = engine;
        _scope = scope;
    }

    /// <summary>Installs every global; <paramref name="referencedNames"/> are the script's free identifiers.</summary>
    public void Install(IEnumerable<string>? referencedNames)
    {
        InstallFixed();
        var taken = new HashSet<string>(Names.Concat(HelperFunctions.Names), StringComparer.Ordinal);
        var accessors = new Dictionary<string, Func<Engine, JsValue[], JsValue>>(StringComparer.Ordinal);
        AddVariableAccessors(accessors);
        // Input accessors come after variable accessors so that they win a clash, as they do in Elsa.
        AddInputAccessors(accessors);
        foreach (var (name, body) in accessors)
        {
            if (taken.Add(name)) HostFunction.AddLazy(_engine, name, body, name.StartsWith("set", StringComparison.Ordinal) ? 1 : 0);
        }
        ActivityOutputAccessors.Install(_engine, _scope, referencedNames, taken);
    }

    /// <summary>Writes what the script changed through the <c>variables</c> object back to the instance.</summary>
    public void CopyBack() => _variables?.CopyBack();

    private void InstallFixed()
    {
        HostFunction.AddLazy(_engine, "getWorkflowInstanceId", (_, _) => _scope.InstanceId);
        HostFunction.AddLazy(_engine, "getWorkflowDefinitionId", (_, _) => _scope.DefinitionId);
        HostFunction.AddLazy(_engine, "getCorrelationId", (_, _) => _scope.CorrelationId is { } id ? id : JsValue.Null);
        HostFunction.AddLazy(_engine, "setCorrelationId", (_, a) =>
        {
            _scope.CorrelationId = a.ArgText(0);
            return JsValue.Undefined;
        }, 1);
        HostFunction.AddLazy(_engine, "getVariable", (e, a) => ReadVariable(e, a.RequireText(0, "name")), 1);
        HostFunction.AddLazy(_engine, "setVariable", (_, a) => WriteVariable(a.RequireText(0, "name"), a.Arg(1)), 2);
        HostFunction.AddLazy(_engine, "getInput", (e, a) => ReadInput(e, a.RequireText(0, "name")), 1);
        HostFunction.AddLazy(_engine, "getOutputFrom", (e, a) => ReadOutput(e, a.RequireText(0, "activityIdOrName"), a.ArgText(1)), 2);
        HostFunction.AddLazy(_engine, "getLastResult", (e, _) => JsMarshaller.ToJs(e, _scope.LastResult));
        _engine.Advanced.AddLazyGlobal("variables", e => (_variables = VariablesContainer.Create(e, _scope)).Target,
            Jint.Runtime.Descriptors.PropertyFlag.NonEnumerable);
    }

    private void AddVariableAccessors(Dictionary<string, Func<Engine, JsValue[], JsValue>> accessors)
    {
        foreach (var variable in _scope.DeclaredVariables)
        {
            var name = variable.Name;
            if (!JsNames.IsValidName(name)) continue;
            var pascal = JsNames.Pascalize(name);
            accessors[$"get{pascal}"] = (e, _) => ReadVariable(e, name);
            accessors[$"set{pascal}"] = (_, a) => WriteVariable(name, a.Arg(0));
        }
    }

    private void AddInputAccessors(Dictionary<string, Func<Engine, JsValue[], JsValue>> accessors)
    {
        foreach (var (name, value) in _scope.Input)
        {
            if (!JsNames.IsValidName(name)) continue;
            Func<Engine, JsValue[], JsValue> getter = (e, _) => JsMarshaller.ToJs(e, value);
            // Elsa's runtime names the accessor after the input as declared, its designer after the pascalized
            // name; both spellings are offered so scripts written either way work.
            accessors[$"get{name}"] = getter;
            accessors[$"get{JsNames.Pascalize(name)}"] = getter;
        }
    }

    private JsValue ReadVariable(Engine engine, string nameOrId) =>
        _scope.TryGetVariable(nameOrId, out var value) ? JsMarshaller.ToJs(engine, value) : JsValue.Null;

    private JsValue WriteVariable(string nameOrId, JsValue value)
    {
        var plain = JsMarshaller.ToPlain(value);
        _scope.SetVariable(nameOrId, plain);
        // Keeps `variables.X` in step with setX(...) so the copy-back at the end does not undo the write.
        _variables?.Sync(DeclaredName(nameOrId), value, plain);
        return JsValue.Undefined;
    }

    private string DeclaredName(string nameOrId)
    {
        foreach (var variable in _scope.DeclaredVariables)
        {
            if (variable.Name == nameOrId) return nameOrId;
        }
        return _scope.DeclaredVariables.FirstOrDefault(v => v.Id == nameOrId)?.Name ?? nameOrId;
    }

    private JsValue ReadInput(Engine engine, string name)
    {
        if (_scope.Input.TryGetValue(name, out var value)) return JsMarshaller.ToJs(engine, value);
        foreach (var (key, candidate) in _scope.Input)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) return JsMarshaller.ToJs(engine, candidate);
        }
        return JsValue.Null;
    }

    private JsValue ReadOutput(Engine engine, string activityIdOrName, string? outputName)
    {
        foreach (var output in outputName is null ? DefaultOutputNames : [outputName])
        {
            if (_scope.TryGetActivityOutput(activityIdOrName, output, out var value)) return JsMarshaller.ToJs(engine, value);
        }
        return JsValue.Null;
    }
}
