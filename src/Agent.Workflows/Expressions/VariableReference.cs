using System.Text.Json;

namespace Agent.Workflows.Expressions;

/// <summary>
/// The variable a <c>Variable</c> expression points at. Elsa 3 writes the referenced variable in three shapes,
/// all accepted here:
/// <list type="bullet">
/// <item><description>an object, as the server serializes <c>Variable</c>: <c>{"id": "…", "name": "…", "typeName": "…", …}</c>;</description></item>
/// <item><description>the same object as a JSON string, as Elsa Studio writes it: <c>"{\"id\":\"…\",\"name\":\"…\"}"</c>;</description></item>
/// <item><description>a bare string holding the variable's id or name (hand-written definitions).</description></item>
/// </list>
/// </summary>
/// <param name="Id">The variable's id, when the reference carries one.</param>
/// <param name="Name">The variable's name, or the bare string when the shape does not say which it is.</param>
internal sealed record VariableReference(string? Id, string? Name)
{
    /// <summary>Ids first, because Elsa resolves variables by id; the name is the fallback.</summary>
    public IEnumerable<string> Keys => new[] { Id, Name }.Where(k => !string.IsNullOrWhiteSpace(k)).Distinct()!;

    /// <summary>How the reference reads in messages: <c>'Counter'</c> or <c>'Counter' (id 'v1')</c>.</summary>
    public override string ToString() => (Name, Id) switch
    {
        ({ } name, { } id) when name != id => $"'{name}' (id '{id}')",
        ({ } name, _) => $"'{name}'",
        (_, { } id) => $"id '{id}'",
        _ => "(none)",
    };

    /// <summary>Reads the reference from an expression value; null when the value names no variable.</summary>
    public static VariableReference? Parse(JsonElement? value)
    {
        if (value is not { } element) return null;
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                return FromObject(element);
            case JsonValueKind.String:
                var text = element.GetString()?.Trim();
                if (string.IsNullOrEmpty(text)) return null;
                if (text.StartsWith('{') && TryParseObject(text) is { } parsed) return parsed;
                return new VariableReference(null, text);
            default:
                return null;
        }
    }

    private static VariableReference? TryParseObject(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object ? FromObject(document.RootElement) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static VariableReference? FromObject(JsonElement element)
    {
        string? id = null, name = null;
        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String) continue;
            if (property.Name.Equals("id", StringComparison.OrdinalIgnoreCase)) id = property.Value.GetString();
            else if (property.Name.Equals("name", StringComparison.OrdinalIgnoreCase)) name = property.Value.GetString();
        }
        return string.IsNullOrWhiteSpace(id) && string.IsNullOrWhiteSpace(name) ? null : new VariableReference(id, name);
    }
}
