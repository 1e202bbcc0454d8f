using System.Globalization;

namespace Agent.Workflows.Expressions;

/// <summary>Converts numbers, numeric strings and booleans to any CLR number type, with range checks.</summary>
internal static class NumberConversion
{
    private static readonly HashSet<Type> IntegerTypes =
    [
        typeof(byte), typeof(sbyte), typeof(short), typeof(ushort), typeof(int), typeof(uint), typeof(long), typeof(ulong),
    ];

    public static bool IsNumberType(Type type) =>
        IntegerTypes.Contains(type) || type == typeof(double) || type == typeof(float) || type == typeof(decimal);

    /// <summary>Converts <paramref name="value"/> to <paramref name="numberType"/>.</summary>
    /// <param name="value">A CLR number, a numeric string or a bool.</param>
    /// <param name="numberType">The CLR number type to produce.</param>
    /// <param name="targetType">The type named in error messages (the caller's, e.g. an enum or a nullable).</param>
    public static object Convert(object value, Type numberType, Type targetType)
    {
        var source = value switch
        {
            string s => Parse(s, numberType, targetType),
            // Convert.ChangeType accepts booleans, and Elsa relies on it, so true/false become 1/0.
            bool b => b ? 1L : 0L,
            _ when IsNumberType(value.GetType()) => value,
            _ => throw ValueConverter.Fail(value, targetType),
        };

        try
        {
            if (numberType == typeof(double)) return System.Convert.ToDouble(source, CultureInfo.InvariantCulture);
            if (numberType == typeof(float)) return System.Convert.ToSingle(source, CultureInfo.InvariantCulture);
            if (numberType == typeof(decimal)) return ToDecimal(source, targetType, value);
            return ToInteger(source, numberType, targetType, value);
        }
        catch (OverflowException)
        {
            throw ValueConverter.Fail(value, targetType, "the value is out of range");
        }
    }

    private static object Parse(string text, Type numberType, Type targetType)
    {
        var trimmed = text.Trim();
        if (long.TryParse(trimmed, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole)) return whole;
        if (decimal.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact))
        {
            // Elsa parses strings with the target's TypeConverter, which refuses "2.5" for an integer; only
            // computed numbers (e.g. a JavaScript division) get rounded.
            if (IntegerTypes.Contains(numberType) && decimal.Truncate(exact) != exact) throw ValueConverter.Fail(text, targetType);
            return exact;
        }
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var approximate)) return approximate;
        throw ValueConverter.Fail(text, targetType);
    }

    private static decimal ToDecimal(object source, Type targetType, object original)
    {
        if (source is double d && (double.IsNaN(d) || double.IsInfinity(d))) throw ValueConverter.Fail(original, targetType);
        if (source is float f && (float.IsNaN(f) || float.IsInfinity(f))) throw ValueConverter.Fail(original, targetType);
        return System.Convert.ToDecimal(source, CultureInfo.InvariantCulture);
    }

    private static object ToInteger(object source, Type numberType, Type targetType, object original)
    {
        if (source is double or float)
        {
            var d = System.Convert.ToDouble(source, CultureInfo.InvariantCulture);
            if (double.IsNaN(d) || double.IsInfinity(d)) throw ValueConverter.Fail(original, targetType);
            // Round half to even, as Convert.ToInt32(double) does; going through decimal keeps the range check exact.
            if (Math.Abs(d) >= 8e28) throw new OverflowException();
            source = Math.Round((decimal)d, MidpointRounding.ToEven);
        }
        else if (source is decimal m)
        {
            source = Math.Round(m, MidpointRounding.ToEven);
        }
        return System.Convert.ChangeType(source, numberType, CultureInfo.InvariantCulture);
    }
}
