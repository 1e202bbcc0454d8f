using System.Text.Json;
using Agent.Activities.Coordination.Messaging;

namespace Agent.Activities.Coordination.Distribution;

/// <summary>A draft that passed <see cref="TaskValidator"/>: trimmed, lower-cased where names are, payload parsed.</summary>
public sealed record ValidatedTask(string Id, string Kind, string Role, IReadOnlyList<string> Capabilities, JsonElement Payload, string? CorrelationId)
{
    /// <summary>The capabilities as stored (a JSON array, sorted).</summary>
    public string CapabilitiesJson => JsonSerializer.Serialize(Capabilities);
}

/// <summary>
/// Checks tasks before anything is stored. Whether the role is one an agent can have is checked by the store, against
/// the registry, inside the enqueue's transaction.
/// </summary>
public static class TaskValidator
{
    /// <summary>The spelling of task ids.</summary>
    public const string IdRule = "1 to 128 letters, digits, '.', '_', ':' or '-', starting with a letter or digit";

    /// <summary>The spelling of capabilities.</summary>
    public const string CapabilityRule = "1 to 64 letters, digits, '.', '_', ':', '/' or '-', starting with a letter or digit";

    /// <summary>The largest payload or result accepted, in UTF-8 bytes (as big as the bus's largest message).</summary>
    public const int MaxJsonBytes = 4 * 1024 * 1024;

    /// <summary>Checks <paramref name="draft"/>.</summary>
    /// <exception cref="InvalidTaskException">What is wrong with it.</exception>
    public static ValidatedTask Validate(TaskDraft? draft)
    {
        if (draft is null) throw new InvalidTaskException("task", "The task is missing; give an object with id, kind, role and payload.");
        var id = CheckId(draft.Id);
        var kind = draft.Kind?.Trim();
        if (string.IsNullOrEmpty(kind) || kind.Length > 64)
            throw new InvalidTaskException("kind", $"Task '{id}': kind '{draft.Kind}' is empty or longer than 64 characters; name the kind of work, e.g. gap, subtask or review.");
        var role = draft.Role?.Trim().ToLowerInvariant();
        if (!AgentIds.IsValid(role))
            throw new InvalidTaskException("role", $"Task '{id}': role '{draft.Role}' is not a role name; give one of {string.Join(", ", AgentRoles.Known)}.");
        var capabilities = CheckCapabilities(id, draft.Capabilities);
        var payload = ParseJson(draft.Payload, "payload", $"Task '{id}'") ?? EmptyObject();
        var correlation = draft.CorrelationId?.Trim();
        if (correlation is { Length: > 256 })
            throw new InvalidTaskException("correlationId", $"Task '{id}': the correlation id is {correlation.Length} characters; give at most 256 (e.g. the cycle or goal id).");
        return new ValidatedTask(id, kind, role!, capabilities, payload, string.IsNullOrEmpty(correlation) ? null : correlation);
    }

    /// <summary>A trimmed task id, or an error saying how to spell one.</summary>
    /// <exception cref="InvalidTaskException">The id is empty or badly spelled.</exception>
    public static string CheckId(string? id)
    {
        var trimmed = id?.Trim();
        if (string.IsNullOrEmpty(trimmed)) throw new InvalidTaskException("id", $"The task id is empty; give every task an id ({IdRule}), so enqueueing it again stores nothing new.");
        if (trimmed.Length > 128 || !char.IsAsciiLetterOrDigit(trimmed[0]) || !trimmed.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-'))
            throw new InvalidTaskException("id", $"The task id '{id}' is not valid; use {IdRule}.");
        return trimmed;
    }

    /// <summary>Capabilities normalized (trimmed, lower case, distinct, sorted), or an error naming the bad one.</summary>
    /// <exception cref="InvalidTaskException">A capability is empty or badly spelled.</exception>
    public static IReadOnlyList<string> CheckCapabilities(string owner, IReadOnlyList<string>? capabilities)
    {
        var list = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var raw in capabilities ?? [])
        {
            var c = raw?.Trim().ToLowerInvariant();
            if (c is not { Length: >= 1 and <= 64 } || !char.IsAsciiLetterOrDigit(c[0]) || !c.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '.' or '_' or ':' or '/' or '-'))
                throw new InvalidTaskException("capabilities", $"{owner}: capability '{raw}' is not valid; use {CapabilityRule} (e.g. git, web-search).");
            list.Add(c);
        }
        return [.. list];
    }

    /// <summary>Parses JSON text (null or blank gives null), or explains what is wrong with it.</summary>
    /// <exception cref="InvalidTaskException">The text is not one JSON value, or too large.</exception>
    public static JsonElement? ParseJson(string? text, string field, string owner)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (System.Text.Encoding.UTF8.GetByteCount(text) > MaxJsonBytes)
            throw new InvalidTaskException(field, $"{owner}: the {field} is larger than {MaxJsonBytes} bytes; store big content in a file and put its path in the {field}.");
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new InvalidTaskException(field, $"{owner}: the {field} is not valid JSON ({e.Message}); give a JSON object, e.g. {{\"title\": \"...\"}}.");
        }
    }

    private static JsonElement EmptyObject()
    {
        using var document = JsonDocument.Parse("{}");
        return document.RootElement.Clone();
    }
}
