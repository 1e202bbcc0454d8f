using System.Collections;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Agent.Workflows.Model;

namespace Agent.Workflows.Expressions;

/// <summary>Builds plain values (null, bool, long, double, string, lists, string-keyed maps) from anything.</summary>
internal static class PlainValues
{
    /// <summary>Deeper nesting is taken as a cycle or a hostile payload rather than data.</summary>
    public const int MaxDepth = 256;

    /// <summary>
    /// Options for writing plain values as JSON text. The relaxed encoder keeps non-ASCII text and characters such
    /// as <c>&lt;</c> readable, because the text is data for workflows, not markup for a browser.
    /// </summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(WorkflowJson.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Converts <paramref name="value"/> to a plain value; see <see cref="ValueConverter.ToPlain"/>.</summary>
    public static object? From(object? value) => From(value, 0);

    /// <summary>Reads a number the way plain values hold them: integral values become long (so JSON 12.0 and JavaScript 12 agree).</summary>
    public static object FromNumber(double d) =>
        // The cast to object matters: without it the conditional would be typed double and turn the long back.
        d == Math.Floor(d) && d >= long.MinValue && d < 9.2233720368547758E+18 ? (long)d : (object)d;

    private static object? From(object? value, int depth)
    {
        if (depth > MaxDepth) throw new FormatException($"the value nests deeper than {MaxDepth} levels (is it circular?)");
        return value switch
        {
            null => null,
            string or bool or long or double => value,
            int or short or sbyte or byte or ushort or uint => System.Convert.ToInt64(value, CultureInfo.InvariantCulture),
            ulong u => u <= long.MaxValue ? (long)u : (object)(double)u,
            float f => (double)f,
            decimal m => m == decimal.Truncate(m) && m >= long.MinValue && m <= long.MaxValue ? (long)m : (object)(double)m,
            char c => c.ToString(),
            DateTimeOffset dto => dto.ToString("O", CultureInfo.InvariantCulture),
            DateTime dt => dt.ToString("O", CultureInfo.InvariantCulture),
            TimeSpan ts => ts.ToString("c", CultureInfo.InvariantCulture),
            Guid g => g.ToString("D"),
            Enum e => e.ToString(),
            Uri uri => uri.ToString(),
            byte[] bytes => System.Convert.ToBase64String(bytes),
            JsonElement element => FromElement(element, depth),
            JsonNode node => FromNode(node, depth),
            IDictionary dictionary => FromDictionary(dictionary, depth),
            IEnumerable<KeyValuePair<string, object?>> pairs => FromPairs(pairs, depth),
            IEnumerable items => FromItems(items, depth),
            _ => FromObject(value, depth),
        };
    }

    private static object? FromElement(JsonElement element, int depth) => element.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var l) ? l : FromNumber(element.GetDouble()),
        JsonValueKind.Array => element.EnumerateArray().Select(item => From(item, depth + 1)).ToList(),
        JsonValueKind.Object => FromPairs(element.EnumerateObject().Select(p => new KeyValuePair<string, object?>(p.Name, p.Value)), depth),
        _ => throw new FormatException($"unsupported JSON value kind {element.ValueKind}"),
    };

    private static object? FromNode(JsonNode node, int depth) => node switch
    {
        JsonObject obj => FromPairs(obj.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value)), depth),
        JsonArray array => array.Select(item => From(item, depth + 1)).ToList(),
        // A JsonValue may wrap a CLR value or a JsonElement; its element form reads both the same way.
        _ => FromElement(node.Deserialize<JsonElement>(), depth),
    };

    private static Dictionary<string, object?> FromDictionary(IDictionary dictionary, int depth)
    {
        var result = new Dictionary<string, object?>(dictionary.Count, StringComparer.Ordinal);
        foreach (DictionaryEntry entry in dictionary)
            result[System.Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? ""] = From(entry.Value, depth + 1);
        return result;
    }

    private static Dictionary<string, object?> FromPairs(IEnumerable<KeyValuePair<string, object?>> pairs, int depth)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, item) in pairs) result[key] = From(item, depth + 1);
        return result;
    }

    private static List<object?> FromItems(IEnumerable items, int depth)
    {
        var result = new List<object?>();
        foreach (var item in items) result.Add(From(item, depth + 1));
        return result;
    }

    private static object? FromObject(object value, int depth)
    {
        // Anonymous objects, records and other POCOs are read through their JSON shape, the same shape the
        // workflow JSON uses, so an activity's output looks alike whether it was stored or freshly produced.
        JsonElement element;
        try { element = JsonSerializer.SerializeToElement(value, value.GetType(), WorkflowJson.Options); }
        catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException)
        {
            throw new FormatException($"cannot convert a value of type {value.GetType().Name} to a plain value: {ex.Message}", ex);
        }
        return FromElement(element, depth);
    }
}
