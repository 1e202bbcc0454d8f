using System.Text.Json;
using Agent.Workflows.Expressions;

namespace Agent.Activities.Coordination.Distribution;

/// <summary>Reads task lists and results as workflows and tools give them: JSON text, JSON elements, or objects built by expressions.</summary>
public static class TaskJson
{
    /// <summary>The JSON text of <paramref name="value"/> (text is passed as written), or null.</summary>
    public static string? Text(object? value) => value switch
    {
        null => null,
        string text => text,
        JsonElement { ValueKind: JsonValueKind.Undefined or JsonValueKind.Null } => null,
        JsonElement element => element.GetRawText(),
        _ => JsonSerializer.Serialize(ValueConverter.ToPlain(value)),
    };

    /// <summary>
    /// The drafts in <paramref name="value"/>: a JSON array of objects with <c>id</c>, <c>kind</c>, <c>role</c>,
    /// <c>capabilities</c> (strings), <c>payload</c> (any JSON) and <c>correlationId</c>. A task without a correlation id
    /// gets <paramref name="defaultCorrelationId"/>.
    /// </summary>
    /// <exception cref="InvalidTaskException">The value is not a JSON array of objects, or a field has the wrong JSON type.</exception>
    public static IReadOnlyList<TaskDraft> Drafts(object? value, string? defaultCorrelationId)
    {
        var text = Text(value);
        if (string.IsNullOrWhiteSpace(text)) throw new InvalidTaskException("tasks", "No tasks to enqueue; give a JSON array of tasks, e.g. [{\"id\": \"gap-1\", \"kind\": \"gap\", \"role\": \"implementer\", \"payload\": {}}].");
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(text);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new InvalidTaskException("tasks", $"The task list is not valid JSON ({e.Message}); give a JSON array of task objects.");
        }
        if (root.ValueKind != JsonValueKind.Array) throw new InvalidTaskException("tasks", $"The task list is a JSON {root.ValueKind.ToString().ToLowerInvariant()}; give an array of task objects.");
        var drafts = new List<TaskDraft>();
        foreach (var item in root.EnumerateArray())
        {
            var at = $"tasks[{drafts.Count}]";
            if (item.ValueKind != JsonValueKind.Object) throw new InvalidTaskException("tasks", $"{at} is a JSON {item.ValueKind.ToString().ToLowerInvariant()}; each task is an object with id, kind, role and payload.");
            drafts.Add(new TaskDraft
            {
                Id = String(item, "id", at), Kind = String(item, "kind", at), Role = String(item, "role", at),
                Capabilities = Strings(item, at), Payload = item.TryGetProperty("payload", out var p) ? Text(p) : null,
                CorrelationId = String(item, "correlationId", at) ?? defaultCorrelationId,
            });
        }
        return drafts;
    }

    private static string? String(JsonElement item, string name, string at) =>
        !item.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind == JsonValueKind.String ? v.GetString()
        : throw new InvalidTaskException(name, $"{at}.{name} is a JSON {v.ValueKind.ToString().ToLowerInvariant()}; give a string.");

    private static IReadOnlyList<string>? Strings(JsonElement item, string at)
    {
        if (!item.TryGetProperty("capabilities", out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.Array || v.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
            throw new InvalidTaskException("capabilities", $"{at}.capabilities must be an array of strings, e.g. [\"git\", \"web-search\"].");
        return [.. v.EnumerateArray().Select(e => e.GetString()!)];
    }
}
