using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Agent.Workflows.Versioning;

/// <summary>
/// Semantic JSON comparison and a canonical compact rendering, so that key order, whitespace and
/// number spelling (<c>1</c> vs <c>1.0</c>) never show up as changes.
/// </summary>
internal static class DiffJson
{
    // Relaxed escaping keeps quotes, accents and '<' readable in diff text; the output is never embedded in HTML.
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary>
    /// Semantic equality. JSON null and absence are the same: serializers disagree on whether to write
    /// unset values, and an explicit null never behaves differently from a missing one.
    /// </summary>
    public static bool Same(JsonElement? a, JsonElement? b)
    {
        var x = IsAbsent(a) ? (JsonElement?)null : a;
        var y = IsAbsent(b) ? (JsonElement?)null : b;
        if (x is null || y is null) return x is null && y is null;
        return JsonElement.DeepEquals(x.Value, y.Value);
    }

    /// <inheritdoc cref="Same(JsonElement?, JsonElement?)"/>
    public static bool Same(JsonNode? a, JsonNode? b) => Same(ToElement(a), ToElement(b));

    public static bool IsAbsent(JsonElement? e) =>
        e is null || e.Value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined;

    public static JsonElement? ToElement(JsonNode? node) =>
        node is null ? null : JsonSerializer.SerializeToElement(node);

    /// <summary>Compact JSON with object keys sorted ordinally; null when the value is absent.</summary>
    public static string? Render(JsonElement? e)
    {
        if (IsAbsent(e)) return null;
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions)) WriteSorted(writer, e!.Value);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <inheritdoc cref="Render(JsonElement?)"/>
    public static string? Render(JsonNode? node) => Render(ToElement(node));

    /// <summary>A string as a JSON literal (<c>"Log"</c>), so empty and whitespace values stay visible.</summary>
    public static string? Quote(string? text) => text is null ? null : Render(JsonSerializer.SerializeToElement(text));

    /// <summary>
    /// Compares two objects key by key (ordinal, sorted) and yields one diff per differing key, named
    /// <paramref name="prefix"/> + key. A null object reads as empty.
    /// </summary>
    public static IEnumerable<PropertyDiff> CompareObjects(string prefix, JsonObject? from, JsonObject? to)
    {
        var keys = (from?.Select(p => p.Key) ?? []).Union(to?.Select(p => p.Key) ?? [], StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var a = from?[key];
            var b = to?[key];
            if (!Same(a, b)) yield return new PropertyDiff(prefix + key, Render(a), Render(b));
        }
    }

    /// <inheritdoc cref="CompareObjects(string, JsonObject?, JsonObject?)"/>
    public static IEnumerable<PropertyDiff> CompareObjects(
        string prefix, IReadOnlyDictionary<string, JsonElement>? from, IReadOnlyDictionary<string, JsonElement>? to)
    {
        var keys = (from?.Keys ?? []).Union(to?.Keys ?? [], StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            JsonElement? a = from is not null && from.TryGetValue(key, out var x) ? x : null;
            JsonElement? b = to is not null && to.TryGetValue(key, out var y) ? y : null;
            if (!Same(a, b)) yield return new PropertyDiff(prefix + key, Render(a), Render(b));
        }
    }

    private static void WriteSorted(Utf8JsonWriter writer, JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var p in e.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(p.Name);
                    WriteSorted(writer, p.Value);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in e.EnumerateArray()) WriteSorted(writer, item);
                writer.WriteEndArray();
                break;
            default:
                e.WriteTo(writer);
                break;
        }
    }
}
