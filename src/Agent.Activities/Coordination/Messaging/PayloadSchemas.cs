using System.Text.Json;

namespace Agent.Activities.Coordination.Messaging;

/// <summary>The JSON kinds a payload field may have.</summary>
public enum FieldKind
{
    /// <summary>A JSON string, non-empty.</summary>
    String,
    /// <summary>A JSON number.</summary>
    Number,
    /// <summary>A JSON number without a fraction.</summary>
    Integer,
    /// <summary>true or false.</summary>
    Boolean,
    /// <summary>An array of non-empty strings.</summary>
    StringList,
    /// <summary>Any JSON object.</summary>
    Object,
}

/// <summary>One field of a payload schema.</summary>
/// <param name="Name">The property name, as JSON spells it.</param>
/// <param name="Kind">Its JSON kind.</param>
/// <param name="Required">Whether the payload must have it.</param>
/// <param name="Description">What it means, for messages and the documentation.</param>
/// <param name="Allowed">For strings: the only values allowed; null for any.</param>
/// <param name="Min">For numbers: the smallest value allowed.</param>
/// <param name="Max">For numbers: the largest value allowed.</param>
public sealed record PayloadField(string Name, FieldKind Kind, bool Required, string Description, IReadOnlyList<string>? Allowed = null, double? Min = null, double? Max = null)
{
    /// <summary>The field as a short example, e.g. <c>"verdict": "approve|reject"</c>.</summary>
    public string Example => $"\"{Name}\": " + Kind switch
    {
        FieldKind.String => Allowed is { Count: > 0 } ? $"\"{string.Join("|", Allowed)}\"" : "\"…\"",
        FieldKind.Number => Min is not null && Max is not null ? $"{Min}..{Max}" : "0.5",
        FieldKind.Integer => "1",
        FieldKind.Boolean => "true",
        FieldKind.StringList => "[\"…\"]",
        _ => "{…}",
    };
}

/// <summary>The payload schema of one message type: an object with these fields and no others.</summary>
/// <param name="Type">The message type.</param>
/// <param name="Fields">The fields; others are refused (a misspelt field is a mistake, not an extension).</param>
/// <param name="RequiresCorrelation">Whether the message must carry a correlation id.</param>
public sealed record PayloadSchema(string Type, IReadOnlyList<PayloadField> Fields, bool RequiresCorrelation = false)
{
    /// <summary>A minimal valid payload, shown in error messages as what to send instead.</summary>
    public string Example => "{ " + string.Join(", ", Fields.Where(f => f.Required).Select(f => f.Example)) + " }";

    /// <summary>The problems of <paramref name="payload"/> against this schema, each naming the field's JSON path.</summary>
    public IReadOnlyList<string> Check(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object) return [$"$ is {Describe(payload)}; a {Type} payload is a JSON object"];
        var problems = new List<string>();
        var known = Fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
        foreach (var property in payload.EnumerateObject())
        {
            if (!known.TryGetValue(property.Name, out var field))
                problems.Add($"$.{property.Name} is not a field of a {Type} payload (fields: {string.Join(", ", Fields.Select(f => f.Name))})");
            else if (CheckField(field, property.Value) is { } problem)
                problems.Add($"$.{property.Name} {problem}");
        }
        foreach (var missing in Fields.Where(f => f.Required && !payload.TryGetProperty(f.Name, out _)))
            problems.Add($"$.{missing.Name} is required ({missing.Description})");
        return problems;
    }

    private static string? CheckField(PayloadField field, JsonElement value)
    {
        switch (field.Kind)
        {
            case FieldKind.String:
                if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString())) return $"is {Describe(value)}; give a non-empty string";
                if (field.Allowed is { Count: > 0 } allowed && !allowed.Contains(value.GetString()!, StringComparer.Ordinal))
                    return $"is '{value.GetString()}'; give one of {string.Join(", ", allowed)}";
                return null;
            case FieldKind.Number or FieldKind.Integer:
                if (value.ValueKind != JsonValueKind.Number) return $"is {Describe(value)}; give a number";
                var number = value.GetDouble();
                if (field.Kind == FieldKind.Integer && number != Math.Floor(number)) return $"is {number}; give a whole number";
                if (number < field.Min || number > field.Max) return $"is {number}; give a number from {field.Min} to {field.Max}";
                return null;
            case FieldKind.Boolean:
                return value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : $"is {Describe(value)}; give true or false";
            case FieldKind.StringList:
                if (value.ValueKind != JsonValueKind.Array) return $"is {Describe(value)}; give an array of strings";
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString())) return $"[{index}] is {Describe(item)}; every item is a non-empty string";
                    index++;
                }
                return null;
            default:
                return value.ValueKind == JsonValueKind.Object ? null : $"is {Describe(value)}; give a JSON object";
        }
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => string.IsNullOrWhiteSpace(value.GetString()) ? "an empty string" : "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };
}

/// <summary>
/// The payload schema of every message type, written by hand (no JSON Schema library is referenced). Each schema is
/// closed: unknown fields are refused, so a misspelt field fails at the sender instead of being ignored by the receiver.
/// </summary>
public static class PayloadSchemas
{
    private static readonly PayloadSchema[] Schemas =
    [
        new(MessageTypes.Task,
        [
            new("title", FieldKind.String, true, "what to do, in one line"),
            new("description", FieldKind.String, false, "the task in full"),
            new("gapId", FieldKind.String, false, "the gap the task closes"),
            new("files", FieldKind.StringList, false, "files the task is about"),
            new("priority", FieldKind.Integer, false, "higher runs first", Min: 0, Max: 100),
        ]),
        new(MessageTypes.Result,
        [
            new("status", FieldKind.String, true, "how the task ended", ["succeeded", "failed", "partial"]),
            new("summary", FieldKind.String, true, "what was done, in a few lines"),
            new("branch", FieldKind.String, false, "the branch holding the change"),
            new("commit", FieldKind.String, false, "the commit holding the change"),
            new("filesChanged", FieldKind.StringList, false, "files the change touches"),
        ]),
        new(MessageTypes.Review,
        [
            new("verdict", FieldKind.String, true, "the reviewer's decision", ["approve", "reject"]),
            new("score", FieldKind.Number, false, "confidence in the change", Min: 0, Max: 1),
            new("reasons", FieldKind.StringList, true, "why, one reason per item"),
            new("candidate", FieldKind.String, false, "the candidate change reviewed"),
        ]),
        new(MessageTypes.Vote,
        [
            new("choice", FieldKind.String, true, "what the voter chooses (a candidate id, or approve/reject)"),
            new("reason", FieldKind.String, false, "why"),
        ]),
        new(MessageTypes.Question,
        [
            new("text", FieldKind.String, true, "the question"),
            new("context", FieldKind.String, false, "what the asker is working on"),
        ]),
        new(MessageTypes.Answer,
        [
            new("text", FieldKind.String, true, "the answer"),
        ], RequiresCorrelation: true),
        new(MessageTypes.Heartbeat,
        [
            new("status", FieldKind.String, false, "what the agent is doing", ["idle", "working", "waiting"]),
            new("progress", FieldKind.String, false, "progress in a few words"),
            new("taskId", FieldKind.String, false, "the task being worked"),
        ]),
        new(MessageTypes.Cancel,
        [
            new("reason", FieldKind.String, true, "why the work stops"),
            new("taskId", FieldKind.String, false, "the task to stop; every task when absent"),
        ]),
    ];

    /// <summary>Every schema, in <see cref="MessageTypes.All"/> order.</summary>
    public static IReadOnlyList<PayloadSchema> All => Schemas;

    /// <summary>The schema of <paramref name="type"/> (a normalized type name).</summary>
    public static PayloadSchema For(string type) => Schemas.First(s => s.Type == type);
}
