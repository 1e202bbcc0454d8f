using System.Text.Json;
using Agent.Workflows.Execution;
using Agent.Workflows.Expressions;

namespace Agent.Workflows.Activities.Looping;

/// <summary>Reads a loop's <c>Items</c>: any expression whose value is a list (or JSON text of one).</summary>
internal static class LoopItems
{
    /// <exception cref="WorkflowFaultException">The value is not a list.</exception>
    public static List<object?> Read(ActivityExecutionContext context, Input<object>? items)
    {
        var value = context.Get(items);
        switch (value)
        {
            case null: return [];
            case List<object?> list: return list;
            case string text when text.TrimStart().StartsWith('['):
                try { return PlainValues.From(JsonSerializer.Deserialize<JsonElement>(text)) as List<object?> ?? []; }
                catch (JsonException e) { throw NotAList(context, $"text that is not valid JSON ({e.Message})"); }
        }
        if (PlainValues.From(value) is List<object?> converted) return converted;
        throw NotAList(context, value switch
        {
            Dictionary<string, object?> => "an object",
            string s => $"the text \"{(s.Length > 40 ? s[..40] + "…" : s)}\"",
            _ => $"a {value.GetType().Name} ({value})",
        });
    }

    /// <summary>The problem with a literal <c>Items</c> that is not a list (known when the definition is saved); none for other syntaxes.</summary>
    public static IEnumerable<(string Input, string Problem)> ValidateLiteral(Input<object>? items)
    {
        if (items?.Expression is not { Type: "Literal", Value: { } value }) yield break;
        var isList = value.ValueKind is System.Text.Json.JsonValueKind.Array or System.Text.Json.JsonValueKind.Null
            || value.ValueKind == System.Text.Json.JsonValueKind.String && IsJsonArray(value.GetString()!);
        if (!isList)
            yield return ("items", $"Input 'items' is the literal {Shorten(value.GetRawText())}, which is not a list; give it a JSON array such as [\"a\", \"b\"], or a JavaScript expression that returns one.");
    }

    private static bool IsJsonArray(string text)
    {
        if (text.Length == 0) return true;
        try { return JsonSerializer.Deserialize<JsonElement>(text).ValueKind == JsonValueKind.Array; }
        catch (JsonException) { return false; }
    }

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;

    private static WorkflowFaultException NotAList(ActivityExecutionContext context, string what) =>
        new($"Input 'items' of activity '{context.ActivityId}' ({context.Node.Type}, at {context.NodePath}.items) is {what}, not a list; "
            + "give it an array, e.g. the JavaScript [\"a\", \"b\"] or a variable that holds a list.", "Elsa.InvalidItems");
}
