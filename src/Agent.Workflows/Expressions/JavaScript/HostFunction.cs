using Jint;
using Jint.Native;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;

namespace Agent.Workflows.Expressions.JavaScript;

/// <summary>Creates the native functions scripts call, and installs them as globals.</summary>
internal static class HostFunction
{
    /// <summary>
    /// Wraps <paramref name="body"/> as a JavaScript function. Expected failures inside it (bad arguments,
    /// impossible conversions, a scope refusing a write) surface as a JavaScript <c>Error</c> the script can catch;
    /// a plain CLR exception would escape Jint uncatchable and without the script position. A call made after the
    /// evaluation was cancelled does nothing and aborts the script (<see cref="ExecutionCanceledException"/>).
    /// </summary>
    public static ClrFunction Create(Engine engine, string name, Func<JsValue[], JsValue> body, int length = 0)
    {
        // Jint looks at the token only every 64 statements and never when a host function is called, so a script
        // could still read or write the scope several times after its cancellation; checking here stops it at once.
        var cancellation = engine.Constraints.Find<Jint.Constraints.CancellationConstraint>();
        return new(engine, name, (_, arguments) =>
        {
            cancellation?.Check();
            try
            {
                return body(arguments);
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or ExpressionException)
            {
                throw new JavaScriptException(engine.Intrinsics.Error, $"{name}: {ex.Message}");
            }
        }, length);
    }

    /// <summary>Installs a global function that is only built if a script reads it.</summary>
    public static void AddLazy(Engine engine, string name, Func<Engine, JsValue[], JsValue> body, int length = 0) =>
        // NonEnumerable is what engine.SetValue uses for functions, so globalThis looks the same either way.
        engine.Advanced.AddLazyGlobal(name, e => Create(e, name, arguments => body(e, arguments), length), PropertyFlag.NonEnumerable);

    /// <summary>The argument at <paramref name="index"/>, or undefined when the script passed fewer.</summary>
    public static JsValue Arg(this JsValue[] arguments, int index) =>
        index < arguments.Length ? arguments[index] : JsValue.Undefined;

    /// <summary>Reads an argument as text; null for null or undefined, JavaScript's String(value) otherwise.</summary>
    public static string? ArgText(this JsValue[] arguments, int index)
    {
        var value = arguments.Arg(index);
        return value.IsNull() || value.IsUndefined() ? null : TypeConverter.ToString(value);
    }

    /// <summary>Reads a required text argument.</summary>
    /// <exception cref="ArgumentException">The argument is missing, null or undefined.</exception>
    public static string RequireText(this JsValue[] arguments, int index, string parameter) =>
        arguments.ArgText(index) ?? throw new ArgumentException($"the argument '{parameter}' is required");
}
