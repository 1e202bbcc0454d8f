using System.Collections;
using System.Text.Json;

namespace Agent.Workflows.Expressions;

/// <summary>Converts plain lists and maps (or JSON text holding them) to typed arrays, lists and dictionaries.</summary>
internal static class CollectionConversion
{
    /// <summary>Converts to a collection type; false when <paramref name="type"/> is not a supported collection.</summary>
    public static bool TryConvert(object value, Type type, out object? result)
    {
        if (TryGetDictionaryValueType(type, out var valueType))
        {
            result = ToDictionary(value, type, valueType);
            return true;
        }
        if (TryGetElementType(type, out var elementType))
        {
            result = ToList(value, type, elementType);
            return true;
        }
        result = null;
        return false;
    }

    private static object ToDictionary(object value, Type targetType, Type valueType)
    {
        var source = value is string text ? ParseJson(text, targetType, '{') : value;
        if (source is not Dictionary<string, object?> map)
        {
            map = PlainValues.From(source) as Dictionary<string, object?> ?? throw ValueConverter.Fail(value, targetType);
        }

        var result = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(typeof(string), valueType), StringComparer.Ordinal)!;
        foreach (var (key, item) in map) result[key] = ConvertItem(item, valueType, targetType, key);
        return result;
    }

    private static object ToList(object value, Type targetType, Type elementType)
    {
        var items = value switch
        {
            string text when text.TrimStart().StartsWith('[') => ParseJson(text, targetType, '['),
            // Elsa reads a plain string bound to a string-list input as a comma-separated list.
            string text when elementType == typeof(string) => text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList<object?>(),
            string => throw ValueConverter.Fail(value, targetType),
            IDictionary or IEnumerable<KeyValuePair<string, object?>> => throw ValueConverter.Fail(value, targetType),
            IEnumerable => value,
            _ => throw ValueConverter.Fail(value, targetType),
        };

        var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(elementType))!;
        var index = 0;
        foreach (var item in (IEnumerable)items) list.Add(ConvertItem(item, elementType, targetType, $"[{index++}]"));

        if (!targetType.IsArray) return list;
        var array = Array.CreateInstance(elementType, list.Count);
        list.CopyTo(array, 0);
        return array;
    }

    private static object? ConvertItem(object? item, Type itemType, Type targetType, string path)
    {
        try { return ValueConverter.ConvertTo(item, itemType); }
        catch (FormatException ex)
        {
            throw new FormatException($"cannot convert to {ValueConverter.TypeName(targetType)}: item {path}: {ex.Message}", ex);
        }
    }

    private static object ParseJson(string text, Type targetType, char expectedStart)
    {
        var trimmed = text.TrimStart();
        if (trimmed.Length == 0 || trimmed[0] != expectedStart) throw ValueConverter.Fail(text, targetType);
        try
        {
            using var document = JsonDocument.Parse(text);
            return PlainValues.From(document.RootElement) ?? throw ValueConverter.Fail(text, targetType);
        }
        catch (JsonException ex)
        {
            throw ValueConverter.Fail(text, targetType, "invalid JSON: " + ex.Message);
        }
    }

    private static bool TryGetDictionaryValueType(Type type, out Type valueType)
    {
        valueType = typeof(object);
        if (type == typeof(IDictionary)) return true;
        if (!type.IsGenericType) return false;
        var definition = type.GetGenericTypeDefinition();
        var isDictionary = definition == typeof(Dictionary<,>) || definition == typeof(IDictionary<,>) || definition == typeof(IReadOnlyDictionary<,>);
        var arguments = type.GetGenericArguments();
        if (!isDictionary || arguments[0] != typeof(string)) return false;
        valueType = arguments[1];
        return true;
    }

    private static bool TryGetElementType(Type type, out Type elementType)
    {
        elementType = typeof(object);
        if (type.IsArray && type.GetArrayRank() == 1)
        {
            elementType = type.GetElementType()!;
            return true;
        }
        if (type == typeof(IList) || type == typeof(IEnumerable) || type == typeof(ICollection)) return true;
        if (!type.IsGenericType) return false;
        var definition = type.GetGenericTypeDefinition();
        var isList = definition == typeof(List<>) || definition == typeof(IList<>) || definition == typeof(ICollection<>)
            || definition == typeof(IEnumerable<>) || definition == typeof(IReadOnlyList<>) || definition == typeof(IReadOnlyCollection<>);
        if (!isList) return false;
        elementType = type.GetGenericArguments()[0];
        return true;
    }
}
