using System.Text.Json;
using Agent.Workflows.Expressions;

namespace Agent.Server.Cli;

/// <summary>
/// Parses <c>--input key=value</c> pairs. A value that parses as JSON (number, boolean, null, object, array,
/// quoted string) takes that type; anything else is a string.
/// </summary>
public static class InputArguments
{
    /// <summary>The pairs as a dictionary, or null when there are none.</summary>
    /// <exception cref="CliUsageException">A pair has no <c>=</c> or an empty key.</exception>
    public static IReadOnlyDictionary<string, object?>? Parse(IReadOnlyList<string>? pairs)
    {
        if (pairs is null || pairs.Count == 0) return null;
        var input = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var cut = pair.IndexOf('=');
            if (cut <= 0)
                throw new CliUsageException($"Input '{pair}' is not of the form key=value (for example --input name=Ada --input count=3).");
            input[pair[..cut].Trim()] = ParseValue(pair[(cut + 1)..]);
        }
        return input;
    }

    /// <summary>Converts one value: JSON where it parses, else the text itself.</summary>
    public static object? ParseValue(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return text;
        try
        {
            using var document = JsonDocument.Parse(text);
            return ValueConverter.ToPlain(document.RootElement);
        }
        catch (JsonException)
        {
            return text;
        }
    }

    /// <summary>Formats a plain value for display in a table: text as is, lists and objects as compact JSON.</summary>
    public static string Format(object? value) => value is null ? "null" : ValueConverter.ToText(value);
}
