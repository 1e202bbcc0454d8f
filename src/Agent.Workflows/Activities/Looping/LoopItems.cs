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

    private static WorkflowFaultException NotAList(ActivityExecutionContext context, string what) =>
        new($"Input 'items' of activity '{context.ActivityId}' ({context.Node.Type}) is {what}, not a list; "
            + "give it an array, e.g. the JavaScript [\"a\", \"b\"] or a variable that holds a list.", "Elsa.InvalidItems");
}
