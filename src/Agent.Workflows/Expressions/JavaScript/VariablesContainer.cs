using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;

namespace Agent.Workflows.Expressions.JavaScript;

/// <summary>
/// Elsa's <c>variables</c> object: the declared variables as properties (<c>variables.Total += 1</c>), copied
/// back to the instance when the script completes. Only changed or added properties are written back, so an
/// expression that merely reads <c>variables</c> leaves the instance untouched.
/// </summary>
internal sealed class VariablesContainer
{
    private readonly IExpressionScope _scope;
    private readonly Dictionary<string, object?> _originals;

    private VariablesContainer(IExpressionScope scope, ObjectInstance target, Dictionary<string, object?> originals)
    {
        _scope = scope;
        Target = target;
        _originals = originals;
    }

    /// <summary>The JavaScript object scripts see as <c>variables</c>.</summary>
    public ObjectInstance Target { get; }

    /// <summary>Builds the object from the declared variables' current values.</summary>
    public static VariablesContainer Create(Engine engine, IExpressionScope scope)
    {
        var originals = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var variable in scope.DeclaredVariables)
        {
            if (string.IsNullOrEmpty(variable.Name) || originals.ContainsKey(variable.Name)) continue;
            if (scope.TryGetVariable(variable.Name, out var value)) originals[variable.Name] = PlainValues.From(value);
        }
        var target = JsObject.CreateFromEntries(engine,
            originals.Select(p => new KeyValuePair<string, JsValue>(p.Key, JsMarshaller.ToJs(engine, p.Value))));
        return new VariablesContainer(scope, target, originals);
    }

    /// <summary>Mirrors a write made through <c>setVariable</c> or a <c>set&lt;Name&gt;</c> accessor.</summary>
    public void Sync(string name, JsValue value, object? plain)
    {
        // Defined rather than assigned, so a variable called "__proto__" cannot swap the object's prototype.
        Target.DefineOwnProperty(name, new PropertyDescriptor(value, PropertyFlag.ConfigurableEnumerableWritable));
        _originals[name] = plain;
    }

    /// <summary>Writes changed and added properties back to the instance.</summary>
    /// <exception cref="FormatException">A property holds a value that cannot be stored (e.g. a circular object).</exception>
    public void CopyBack()
    {
        // Everything is read before anything is written, so a bad value leaves the instance unchanged.
        var changes = new List<KeyValuePair<string, object?>>();
        foreach (var key in Target.GetOwnPropertyKeys(Types.String))
        {
            if (!Target.GetOwnProperty(key).Enumerable) continue;
            var name = key.ToString();
            var value = JsMarshaller.ToPlain(Target.Get(key));
            if (_originals.TryGetValue(name, out var original) && PlainEquality.AreEqual(original, value)) continue;
            changes.Add(new(name, value));
        }
        foreach (var (name, value) in changes) _scope.SetVariable(name, value);
    }
}
