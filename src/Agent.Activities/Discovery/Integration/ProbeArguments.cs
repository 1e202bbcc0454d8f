using System.Text.Json;

namespace Agent.Activities.Discovery.Integration;

/// <summary>
/// The smallest arguments a tool's JSON schema accepts: only its required properties, each with its default, its first
/// enum value, or a plain value of its type (<c>"probe"</c>, the minimum or 1, false, an empty array, a nested object
/// built the same way).
/// </summary>
public static class ProbeArguments
{
    /// <summary>The arguments for <paramref name="inputSchema"/> (empty for a schema without required properties).</summary>
    public static Dictionary<string, object?> For(JsonElement? inputSchema) =>
        inputSchema is { ValueKind: JsonValueKind.Object } schema ? ObjectFor(schema, depth: 0) : [];

    /// <summary>How many properties the schema requires (0 when it requires none).</summary>
    public static int RequiredCount(JsonElement? inputSchema) =>
        inputSchema is { ValueKind: JsonValueKind.Object } schema && schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array
            ? required.GetArrayLength()
            : 0;

    private static Dictionary<string, object?> ObjectFor(JsonElement schema, int depth)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (depth > 5 || !schema.TryGetProperty("required", out var required) || required.ValueKind != JsonValueKind.Array) return result;
        var properties = schema.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
        foreach (var name in required.EnumerateArray().Where(n => n.ValueKind == JsonValueKind.String).Select(n => n.GetString()!))
        {
            var property = properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(name, out var prop) ? prop : default;
            result[name] = ValueFor(property, depth);
        }
        return result;
    }

    private static object? ValueFor(JsonElement property, int depth)
    {
        if (property.ValueKind != JsonValueKind.Object) return "probe";
        if (property.TryGetProperty("default", out var @default)) return Plain(@default);
        if (property.TryGetProperty("const", out var constant)) return Plain(constant);
        if (property.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array && values.GetArrayLength() > 0) return Plain(values[0]);
        var type = property.TryGetProperty("type", out var t) ? t.ValueKind == JsonValueKind.Array ? t.EnumerateArray().Select(x => x.GetString()).FirstOrDefault(x => x != "null") : t.GetString() : null;
        return type switch
        {
            "integer" => property.TryGetProperty("minimum", out var min) && min.TryGetInt64(out var m) ? Math.Max(m, 1) : 1L,
            "number" => property.TryGetProperty("minimum", out var min) && min.TryGetDouble(out var m) ? Math.Max(m, 1) : 1.0,
            "boolean" => false,
            "array" => Array.Empty<object?>(),
            "object" => ObjectFor(property, depth + 1),
            _ => "probe",
        };
    }

    private static object? Plain(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.TryGetInt64(out var l) ? l : value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null => null,
        _ => value.Clone(),
    };
}
