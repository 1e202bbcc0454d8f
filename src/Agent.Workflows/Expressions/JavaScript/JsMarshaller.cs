using System.Globalization;
using System.Numerics;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace Agent.Workflows.Expressions.JavaScript;

/// <summary>
/// Moves values between plain CLR values and JavaScript. Values going in become genuine JS objects and arrays
/// (CLR interop is disabled, so scripts never hold a CLR object); values coming out become plain values.
/// </summary>
internal static class JsMarshaller
{
    /// <summary>
    /// The longest array read out of a script. A script can make a sparse array claim billions of items for free
    /// (<c>a.length = 4e9</c>); reading one item by one would then run outside the script's time and memory limits.
    /// </summary>
    public const long MaxArrayLength = 10_000_000;

    /// <summary>The length of an array-like object, refusing lengths no real data has.</summary>
    /// <exception cref="FormatException">The length exceeds <see cref="MaxArrayLength"/>.</exception>
    public static long ReadLength(ObjectInstance array)
    {
        var length = TypeConverter.ToNumber(array.Get("length"));
        if (double.IsNaN(length) || length <= 0) return 0;
        return length <= MaxArrayLength ? (long)length : throw new FormatException($"the array is too long ({length} items; at most {MaxArrayLength})");
    }

    /// <summary>Builds the JavaScript form of a plain value (anything else is made plain first).</summary>
    public static JsValue ToJs(Engine engine, object? value) => ToJs(engine, value, 0);

    /// <summary>
    /// Reads a JavaScript value as a plain value: objects become ordinal dictionaries of their own enumerable
    /// properties, arrays and typed arrays become lists, integral numbers become long, dates become ISO 8601
    /// strings, undefined becomes null. Functions and symbols are dropped from objects (as JSON.stringify does)
    /// and become null elsewhere.
    /// </summary>
    /// <exception cref="FormatException">The value is circular or nests deeper than <see cref="PlainValues.MaxDepth"/>.</exception>
    public static object? ToPlain(JsValue value) =>
        ToPlain(value, new HashSet<ObjectInstance>(ReferenceEqualityComparer.Instance), 0);

    private static JsValue ToJs(Engine engine, object? value, int depth)
    {
        if (depth > PlainValues.MaxDepth) throw new FormatException($"the value nests deeper than {PlainValues.MaxDepth} levels");
        switch (value)
        {
            case null: return JsValue.Null;
            case string s: return new JsString(s);
            case bool b: return b ? JsBoolean.True : JsBoolean.False;
            case long l: return JsNumber.Create(l);
            case int i: return JsNumber.Create(i);
            case double d: return JsNumber.Create(d);
            case Dictionary<string, object?> map:
                return JsObject.CreateFromEntries(engine, map.Select(p => new KeyValuePair<string, JsValue>(p.Key, ToJs(engine, p.Value, depth + 1))));
            case List<object?> list:
                var items = new JsValue[list.Count];
                for (var i = 0; i < items.Length; i++) items[i] = ToJs(engine, list[i], depth + 1);
                return new JsArray(engine, items);
            default:
                // Any other shape (JSON, typed collections, CLR objects) is first reduced to a plain value.
                return ToJs(engine, PlainValues.From(value), depth);
        }
    }

    private static object? ToPlain(JsValue value, HashSet<ObjectInstance> path, int depth)
    {
        if (value.IsUndefined() || value.IsNull()) return null;
        if (value.IsBoolean()) return value.AsBoolean();
        if (value.IsNumber()) return PlainValues.FromNumber(value.AsNumber());
        if (value.IsString()) return value.AsString();
        if (value.IsBigInt()) return FromBigInt((BigInteger)value.ToObject()!);
        if (value.IsDate()) return FromDate(value.AsDate().DateValue);
        if (value.IsSymbol() || value.IsCallable() || value is not ObjectInstance obj) return null;

        if (depth >= PlainValues.MaxDepth) throw new FormatException($"the value nests deeper than {PlainValues.MaxDepth} levels");
        if (!path.Add(obj)) throw new FormatException("the value is circular (an object contains itself)");
        try
        {
            if (value.IsArray() || obj is JsTypedArray) return FromArrayLike(obj, ReadLength(obj), path, depth);
            return FromObject(obj, path, depth);
        }
        finally
        {
            path.Remove(obj);
        }
    }

    private static List<object?> FromArrayLike(ObjectInstance array, long length, HashSet<ObjectInstance> path, int depth)
    {
        var result = new List<object?>((int)Math.Min(length, 1024));
        for (uint i = 0; i < length; i++) result.Add(ToPlain(array.Get(i), path, depth + 1));
        return result;
    }

    private static Dictionary<string, object?> FromObject(ObjectInstance obj, HashSet<ObjectInstance> path, int depth)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var key in obj.GetOwnPropertyKeys(Types.String))
        {
            var descriptor = obj.GetOwnProperty(key);
            if (!descriptor.Enumerable) continue;
            var item = obj.Get(key);
            // JSON.stringify leaves these out too; a property holding a function is behaviour, not data.
            if (item.IsUndefined() || item.IsCallable() || item.IsSymbol()) continue;
            result[key.ToString()] = ToPlain(item, path, depth + 1);
        }
        return result;
    }

    private static object FromBigInt(BigInteger value) =>
        value >= long.MinValue && value <= long.MaxValue ? (long)value : (object)(double)value;

    // The same text JSON.stringify writes for a Date, which ValueConverter reads back as a DateTimeOffset.
    private static string? FromDate(double millisecondsSinceEpoch) =>
        double.IsNaN(millisecondsSinceEpoch)
            ? null
            : DateTimeOffset.FromUnixTimeMilliseconds((long)millisecondsSinceEpoch).UtcDateTime
                .ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
