using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;

namespace Agent.Workflows.Expressions;

/// <summary>
/// Converts values between the plain shapes expressions exchange (null, bool, long, double, string,
/// <see cref="List{T}"/> of values, string-keyed <see cref="Dictionary{TKey,TValue}"/>), JSON
/// (<see cref="JsonElement"/>, <see cref="JsonNode"/>) and the CLR types activity inputs declare.
/// </summary>
/// <remarks>
/// Supported targets: <see cref="string"/>, <see cref="bool"/>, every CLR number type, enums (by name,
/// case-insensitive, or by defined number), <see cref="TimeSpan"/> (from strings such as <c>00:00:05</c>
/// or ISO 8601 <c>PT5S</c>, as Elsa does), <see cref="DateTimeOffset"/>, <see cref="DateTime"/>,
/// <see cref="Guid"/>, <see cref="object"/> (the plain value), arrays and lists of any supported type,
/// string-keyed dictionaries, <see cref="JsonElement"/> and <see cref="JsonNode"/>, and records and other classes
/// (read from the plain object's JSON form, camelCase, so an activity can declare <c>Input&lt;TaskWorktree&gt;</c> and
/// receive an earlier activity's output as that record). Nullable targets accept null;
/// other value types turn null into their default, as Elsa does. Fractional numbers converted to an integer
/// type are rounded half to even, like <see cref="Convert.ToInt32(double)"/> (what Elsa ends up calling).
/// </remarks>
public static class ValueConverter
{
    /// <summary>Converts <paramref name="value"/> to <typeparamref name="T"/>.</summary>
    /// <exception cref="FormatException">The value cannot be represented as <typeparamref name="T"/>.</exception>
    public static T? ConvertTo<T>(object? value) => (T?)ConvertTo(value, typeof(T));

    /// <summary>Converts <paramref name="value"/> to <paramref name="targetType"/>.</summary>
    /// <exception cref="FormatException">The value cannot be represented as <paramref name="targetType"/>; the message reads like "cannot convert 'abc' to Int32".</exception>
    public static object? ConvertTo(object? value, Type targetType)
    {
        ArgumentNullException.ThrowIfNull(targetType);
        value = UnwrapJson(value);
        if (value is null) return DefaultOf(targetType);

        var type = Nullable.GetUnderlyingType(targetType) ?? targetType;
        if (type == typeof(object)) return PlainValues.From(value);
        if (type == typeof(string)) return ToText(value);
        if (type == typeof(bool)) return ToBoolean(value, targetType);
        if (NumberConversion.IsNumberType(type)) return NumberConversion.Convert(value, type, targetType);
        if (type.IsEnum) return ToEnum(value, type, targetType);
        if (type == typeof(TimeSpan)) return ToTimeSpan(value, targetType);
        if (type == typeof(DateTimeOffset)) return ToDateTimeOffset(value, targetType);
        if (type == typeof(DateTime)) return ToDateTime(value, targetType);
        if (type == typeof(Guid)) return ToGuid(value, targetType);
        if (type == typeof(JsonElement)) return JsonSerializer.SerializeToElement(PlainValues.From(value), PlainValues.JsonOptions);
        if (typeof(JsonNode).IsAssignableFrom(type)) return ToJsonNode(value, type, targetType);
        if (CollectionConversion.TryConvert(value, type, out var collection)) return collection;
        if (type.IsInstanceOfType(value)) return value;
        if (IsRecordLike(type)) return ToRecord(value, type, targetType);
        throw Fail(value, targetType);
    }

    /// <summary>Whether values of <paramref name="type"/> are read from a plain object's JSON form: a concrete class with properties.</summary>
    public static bool IsRecordLike(Type type) =>
        type is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false } && type != typeof(string) && !typeof(System.Collections.IEnumerable).IsAssignableFrom(type)
        && !typeof(Delegate).IsAssignableFrom(type) && type.GetProperties().Length > 0;

    private static object ToRecord(object value, Type type, Type targetType)
    {
        var plain = PlainValues.From(value);
        if (plain is not Dictionary<string, object?>) throw Fail(value, targetType, "an object with properties is needed");
        try
        {
            return JsonSerializer.SerializeToElement(plain, PlainValues.JsonOptions).Deserialize(type, PlainValues.JsonOptions)
                ?? throw Fail(value, targetType);
        }
        catch (JsonException e)
        {
            // The serializer names the missing or ill-typed member ("missing required properties including: 'path'").
            throw Fail(value, targetType, e.Message);
        }
    }

    /// <summary>
    /// Turns JSON values, arrays, collections, dictionaries and other CLR objects into plain values: null, bool,
    /// long, double, string, <see cref="List{T}"/> of plain values and ordinal string-keyed dictionaries.
    /// Dates, GUIDs and time spans become ISO / invariant strings; enums become their names; other objects are
    /// read through their JSON form (camelCase properties).
    /// </summary>
    /// <exception cref="FormatException">The value cannot be represented as a plain value (for example a cycle).</exception>
    public static object? ToPlain(object? value) => PlainValues.From(value);

    /// <summary>The text form used when a value is converted to <see cref="string"/>: objects and lists become compact JSON.</summary>
    public static string ToText(object value) => value switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        DateTimeOffset dto => dto.ToString("O", CultureInfo.InvariantCulture),
        DateTime dt => dt.ToString("O", CultureInfo.InvariantCulture),
        TimeSpan ts => ts.ToString("c", CultureInfo.InvariantCulture),
        Enum e => e.ToString(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => PlainValues.From(value) switch
        {
            string s => s,
            { } plain and not (List<object?> or Dictionary<string, object?>) => ToText(plain),
            var plain => JsonSerializer.Serialize(plain, PlainValues.JsonOptions),
        },
    };

    /// <summary>A short description of a value for error messages: <c>'abc'</c>, <c>42</c>, <c>a list of 3 items</c>.</summary>
    public static string Describe(object? value)
    {
        value = value is JsonElement or JsonNode ? SafeUnwrap(value) : value;
        return value switch
        {
            null => "null",
            string s => "'" + (s.Length > 60 ? s[..60] + "…" : s) + "'",
            bool b => b ? "true" : "false",
            IFormattable f and not Enum => f.ToString(null, CultureInfo.InvariantCulture),
            Enum e => e.ToString(),
            System.Collections.IDictionary d => $"an object with {d.Count} properties",
            IReadOnlyCollection<KeyValuePair<string, object?>> d => $"an object with {d.Count} properties",
            System.Collections.ICollection c => $"a list of {c.Count} items",
            _ => "a value of type " + value.GetType().Name,
        };
    }

    /// <summary>The exception thrown for an impossible conversion.</summary>
    internal static FormatException Fail(object? value, Type targetType, string? reason = null) =>
        new($"cannot convert {Describe(value)} to {TypeName(targetType)}{(reason is null ? "" : ": " + reason)}");

    /// <summary>A readable type name: <c>Int32</c>, <c>Int32?</c>, <c>List&lt;String&gt;</c>.</summary>
    internal static string TypeName(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } inner) return TypeName(inner) + "?";
        if (type.IsArray) return TypeName(type.GetElementType()!) + "[]";
        if (!type.IsGenericType) return type.Name;
        var name = type.Name[..type.Name.IndexOf('`')];
        return $"{name}<{string.Join(", ", type.GetGenericArguments().Select(TypeName))}>";
    }

    private static object? SafeUnwrap(object value)
    {
        try { return UnwrapJson(value); }
        catch (FormatException) { return value.ToString(); }
    }

    // JSON is unwrapped first so that every later rule only has to understand plain values.
    private static object? UnwrapJson(object? value) => value is JsonElement or JsonNode ? PlainValues.From(value) : value;

    private static object? DefaultOf(Type targetType) =>
        targetType.IsValueType && Nullable.GetUnderlyingType(targetType) is null ? Activator.CreateInstance(targetType) : null;

    private static bool ToBoolean(object value, Type targetType)
    {
        switch (value)
        {
            case bool b: return b;
            case string s when bool.TryParse(s.Trim(), out var parsed): return parsed;
            case string: throw Fail(value, targetType);
        }
        // Numbers follow Convert.ToBoolean, which is what Elsa falls back to: zero is false, anything else true.
        if (NumberConversion.IsNumberType(value.GetType()))
        {
            var d = System.Convert.ToDouble(value, CultureInfo.InvariantCulture);
            return d != 0 && !double.IsNaN(d);
        }
        throw Fail(value, targetType);
    }

    private static object ToEnum(object value, Type enumType, Type targetType)
    {
        if (value is string s)
        {
            var text = s.Trim();
            var looksNumeric = text.Length > 0 && (char.IsAsciiDigit(text[0]) || text[0] is '-' or '+');
            if (!looksNumeric && Enum.TryParse(enumType, text, ignoreCase: true, out var named)) return named;
            if (!looksNumeric) throw Fail(value, targetType, "expected one of " + string.Join(", ", Enum.GetNames(enumType)));
            value = NumberConversion.Convert(text, typeof(long), targetType);
        }
        if (value.GetType().IsEnum && value.GetType() == enumType) return value;
        if (!NumberConversion.IsNumberType(value.GetType())) throw Fail(value, targetType);

        var number = (long)NumberConversion.Convert(value, typeof(long), targetType);
        var result = Enum.ToObject(enumType, number);
        // An undefined number would silently produce a value no activity expects; flags enums may combine members.
        var isFlags = enumType.IsDefined(typeof(FlagsAttribute), inherit: false);
        if (!isFlags && !Enum.IsDefined(enumType, result)) throw Fail(number, targetType, "no such member");
        return result;
    }

    private static TimeSpan ToTimeSpan(object value, Type targetType)
    {
        if (value is TimeSpan ts) return ts;
        if (value is not string s) throw Fail(value, targetType, "expected a string such as '00:00:05'");
        var text = s.Trim();
        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var parsed)) return parsed;
        if (text.StartsWith('P') || text.StartsWith("-P", StringComparison.Ordinal))
        {
            try { return XmlConvert.ToTimeSpan(text); }
            catch (FormatException) { /* falls through to the common message */ }
        }
        throw Fail(value, targetType, "expected a string such as '00:00:05'");
    }

    private static DateTimeOffset ToDateTimeOffset(object value, Type targetType) => value switch
    {
        DateTimeOffset dto => dto,
        DateTime dt => dt.Kind == DateTimeKind.Unspecified ? new DateTimeOffset(dt, TimeSpan.Zero) : new DateTimeOffset(dt),
        string s when DateTimeOffset.TryParse(s.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) => parsed,
        _ => throw Fail(value, targetType, "expected an ISO 8601 date such as '2024-05-01T12:00:00Z'"),
    };

    private static DateTime ToDateTime(object value, Type targetType) => value switch
    {
        DateTime dt => dt,
        DateTimeOffset dto => dto.UtcDateTime,
        string s when DateTime.TryParse(s.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed) => parsed,
        _ => throw Fail(value, targetType, "expected an ISO 8601 date such as '2024-05-01T12:00:00Z'"),
    };

    private static Guid ToGuid(object value, Type targetType) => value switch
    {
        Guid g => g,
        string s when Guid.TryParse(s.Trim(), out var parsed) => parsed,
        _ => throw Fail(value, targetType),
    };

    private static JsonNode? ToJsonNode(object value, Type type, Type targetType)
    {
        var node = JsonSerializer.SerializeToNode(PlainValues.From(value), PlainValues.JsonOptions);
        return type.IsInstanceOfType(node) ? node : throw Fail(value, targetType);
    }
}
