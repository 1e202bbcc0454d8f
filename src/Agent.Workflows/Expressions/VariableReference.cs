using System.Text.Json;
using System.Text.Json.Serialization;

namespace Agent.Workflows.Expressions;

/// <summary>
/// The variable a <c>Variable</c> expression points at. Elsa 3 writes the referenced variable in three shapes,
/// all accepted here:
/// <list type="bullet">
/// <item><description>an object, as the server serializes <c>Variable</c>: <c>{"id": "…", "name": "…", "typeName": "…", …}</c>;</description></item>
/// <item><description>the same object as a JSON string, as Elsa Studio writes it: <c>"{\"id\":\"…\",\"name\":\"…\"}"</c>;</description></item>
/// <item><description>a bare string holding the variable's id or name (hand-written definitions).</description></item>
/// </list>
/// Used both by <c>Variable</c> expressions and by inputs that name a variable (SetVariable's <c>variable</c>).
/// </summary>
/// <param name="Id">The variable's id, when the reference carries one.</param>
/// <param name="Name">The variable's name, or the bare string when the shape does not say which it is.</param>
[JsonConverter(typeof(VariableReferenceJsonConverter))]
public sealed record VariableReference(string? Id, string? Name)
{
    /// <summary>The type the reference declares (<c>typeName</c>), when it carries one.</summary>
    public string? TypeName { get; init; }

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
        string? id = null, name = null, typeName = null;
        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String) continue;
            if (property.Name.Equals("id", StringComparison.OrdinalIgnoreCase)) id = property.Value.GetString();
            else if (property.Name.Equals("name", StringComparison.OrdinalIgnoreCase)) name = property.Value.GetString();
            else if (property.Name.Equals("typeName", StringComparison.OrdinalIgnoreCase)) typeName = property.Value.GetString();
        }
        return string.IsNullOrWhiteSpace(id) && string.IsNullOrWhiteSpace(name) ? null : new VariableReference(id, name) { TypeName = typeName };
    }
}

/// <summary>Reads a <see cref="VariableReference"/> in any shape <see cref="VariableReference.Parse"/> accepts; writes the object shape.</summary>
internal sealed class VariableReferenceJsonConverter : JsonConverter<VariableReference>
{
    public override VariableReference? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return VariableReference.Parse(document.RootElement);
    }

    public override void Write(Utf8JsonWriter writer, VariableReference value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        if (value.Id is not null) writer.WriteString("id", value.Id);
        if (value.Name is not null) writer.WriteString("name", value.Name);
        if (value.TypeName is not null) writer.WriteString("typeName", value.TypeName);
        writer.WriteEndObject();
    }
}
