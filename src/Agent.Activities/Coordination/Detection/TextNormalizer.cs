using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Agent.Activities.Coordination.Detection;

/// <summary>
/// Normalizes message payloads and error texts so that repeats compare equal: lower case, collapsed whitespace, and
/// ids, hashes and numbers replaced by <c>#</c> (a retry counter or a fresh GUID does not make a message new).
/// </summary>
public static partial class TextNormalizer
{
    /// <summary><paramref name="text"/> normalized.</summary>
    public static string Text(string text)
    {
        var lowered = text.Trim().ToLowerInvariant();
        var masked = Numbers().Replace(HexIds().Replace(lowered, "#"), "#");
        return string.Join(' ', masked.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>A hash of <paramref name="payload"/> with object keys sorted and every string normalized.</summary>
    public static string PayloadHash(JsonElement payload)
    {
        var builder = new StringBuilder();
        Write(payload, builder);
        return Hash(builder.ToString());
    }

    /// <summary>A short hex SHA-256 of <paramref name="text"/>.</summary>
    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..24];

    private static void Write(JsonElement element, StringBuilder builder)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                builder.Append('{');
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    builder.Append(property.Name).Append(':');
                    Write(property.Value, builder);
                    builder.Append(',');
                }
                builder.Append('}');
                break;
            case JsonValueKind.Array:
                builder.Append('[');
                foreach (var item in element.EnumerateArray()) { Write(item, builder); builder.Append(','); }
                builder.Append(']');
                break;
            case JsonValueKind.String:
                builder.Append('"').Append(Text(element.GetString()!)).Append('"');
                break;
            case JsonValueKind.Number:
                builder.Append('#');
                break;
            default:
                builder.Append(element.GetRawText());
                break;
        }
    }

    [GeneratedRegex("[0-9a-f]{8}(?:-?[0-9a-f]{4}){3}-?[0-9a-f]{12}|\\b(?=[a-f]*\\d)[0-9a-f]{7,}\\b")]
    private static partial Regex HexIds();

    [GeneratedRegex("\\d+(?:\\.\\d+)?")]
    private static partial Regex Numbers();
}
