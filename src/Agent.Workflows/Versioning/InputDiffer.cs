using System.Text.Json;

namespace Agent.Workflows.Versioning;

/// <summary>
/// Compares and renders one activity property. Input bindings (<c>{typeName, expression{type, value}}</c>)
/// are compared by meaning and read as <c>Literal "a"</c>; anything else is compared as semantic JSON
/// and read as canonical compact JSON.
/// </summary>
internal static class InputDiffer
{
    /// <summary>The parts of a binding that decide behaviour.</summary>
    private sealed record Binding(string? TypeName, string? ExpressionType, JsonElement? Value);

    /// <summary>Returns the diff for a property, or null when both values mean the same.</summary>
    public static PropertyDiff? Compare(string property, JsonElement? from, JsonElement? to)
    {
        var a = ReadBinding(from);
        var b = ReadBinding(to);
        if (a is not null && b is not null ? SameBinding(a, b) : DiffJson.Same(from, to)) return null;

        // The type name is noise unless it is part of what changed.
        var showTypeName = a is not null && b is not null && !string.Equals(a.TypeName, b.TypeName, StringComparison.Ordinal);
        var oldText = Render(from, a, showTypeName);
        var newText = Render(to, b, showTypeName);
        if (string.Equals(oldText, newText, StringComparison.Ordinal))
        {
            // The short form hid the difference (a binding on one side, a bare value on the other): show everything.
            oldText = DiffJson.Render(from);
            newText = DiffJson.Render(to);
        }
        return new PropertyDiff(property, oldText, newText);
    }

    private static bool SameBinding(Binding a, Binding b) =>
        string.Equals(a.TypeName, b.TypeName, StringComparison.Ordinal)
        && string.Equals(a.ExpressionType, b.ExpressionType, StringComparison.Ordinal)
        && DiffJson.Same(a.Value, b.Value);

    private static string? Render(JsonElement? raw, Binding? binding, bool withTypeName)
    {
        if (DiffJson.IsAbsent(raw)) return null;
        if (binding is null) return DiffJson.Render(raw);
        var text = binding.ExpressionType is null
            ? "(no expression)"
            : $"{binding.ExpressionType} {DiffJson.Render(binding.Value) ?? "null"}";
        return withTypeName ? $"{text} ({binding.TypeName ?? "no type"})" : text;
    }

    /// <summary>Recognises a binding only when it holds nothing but the known fields, so no detail is dropped.</summary>
    private static Binding? ReadBinding(JsonElement? raw)
    {
        if (raw is not { ValueKind: JsonValueKind.Object } e) return null;
        string? typeName = null, expressionType = null;
        JsonElement? value = null;
        var sawField = false;
        foreach (var p in e.EnumerateObject())
        {
            if (Is(p.Name, "typeName") && p.Value.ValueKind is JsonValueKind.String or JsonValueKind.Null)
                typeName = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null;
            else if (!Is(p.Name, "expression") || !TryReadExpression(p.Value, out expressionType, out value))
                return null;
            sawField = true;
        }
        return sawField ? new Binding(typeName, expressionType, value) : null;
    }

    private static bool TryReadExpression(JsonElement e, out string? type, out JsonElement? value)
    {
        type = null; value = null;
        if (e.ValueKind == JsonValueKind.Null) return true;
        if (e.ValueKind != JsonValueKind.Object) return false;
        foreach (var p in e.EnumerateObject())
        {
            if (Is(p.Name, "type") && p.Value.ValueKind == JsonValueKind.String) type = p.Value.GetString();
            else if (Is(p.Name, "value")) value = p.Value;
            // "text" is derived from "value" (ExpressionModel.Text is written out when a binding is
            // serialized through the model), so it carries no meaning of its own.
            else if (!Is(p.Name, "text")) return false;
        }
        // Elsa treats an expression without a type as a literal.
        type ??= "Literal";
        return true;
    }

    private static bool Is(string name, string expected) => string.Equals(name, expected, StringComparison.OrdinalIgnoreCase);
}
