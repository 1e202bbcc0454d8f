using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Agent.Activities.Discovery;

/// <summary>
/// Hashes a JSON schema so that a change of meaning changes the hash and a change of layout does not: object
/// properties are written sorted by name, without whitespace, before SHA-256.
/// </summary>
public static class SchemaHasher
{
    /// <summary>The lowercase hex SHA-256 of <paramref name="schema"/>'s canonical form, or empty for null/undefined.</summary>
    public static string Hash(JsonElement? schema)
    {
        if (schema is not { ValueKind: not JsonValueKind.Undefined } element) return "";
        var builder = new StringBuilder();
        Write(element, builder);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())));
    }

    private static void Write(JsonElement element, StringBuilder builder)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                builder.Append('{');
                var first = true;
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    if (!first) builder.Append(',');
                    first = false;
                    builder.Append(JsonSerializer.Serialize(property.Name)).Append(':');
                    Write(property.Value, builder);
                }
                builder.Append('}');
                break;
            case JsonValueKind.Array:
                builder.Append('[');
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (index++ > 0) builder.Append(',');
                    Write(item, builder);
                }
                builder.Append(']');
                break;
            default:
                builder.Append(element.GetRawText());
                break;
        }
    }
}
