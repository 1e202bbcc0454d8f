using System.Text.Json;

namespace Agent.Activities.Coordination.Messaging;

/// <summary>A draft that passed <see cref="MessageValidator"/>: normalized type, parsed recipient, parsed payload.</summary>
public sealed record ValidatedDraft(string Type, string Sender, Recipient Recipient, string? CorrelationId, JsonElement Payload, string? MessageId);

/// <summary>
/// Checks what a sender gives before anything is stored — everything that needs no database: the type, the sender's
/// and recipient's spelling, the correlation id, and the payload against its type's schema. Whether the sender and
/// the recipients are registered is checked by <see cref="MessageBus"/>.
/// </summary>
public static class MessageValidator
{
    /// <summary>Longest correlation id or message id accepted.</summary>
    public const int MaxIdLength = 200;

    /// <summary>Validates <paramref name="draft"/>.</summary>
    /// <param name="draft">What the sender gave.</param>
    /// <param name="maxPayloadBytes">The largest payload accepted, in UTF-8 bytes (<c>Coordination:MaxPayloadBytes</c>).</param>
    /// <exception cref="InvalidMessageException">The first thing wrong, with what to send instead.</exception>
    public static ValidatedDraft Validate(MessageDraft draft, int maxPayloadBytes)
    {
        var type = MessageTypes.Normalize(draft.Type)
            ?? throw new InvalidMessageException("type", string.IsNullOrWhiteSpace(draft.Type)
                ? $"The message type is empty; give one of {string.Join(", ", MessageTypes.All)}."
                : $"'{draft.Type}' is not a message type; give one of {string.Join(", ", MessageTypes.All)}.");
        var sender = draft.Sender?.Trim();
        if (string.IsNullOrEmpty(sender))
            throw new InvalidMessageException("sender", "The sender is empty; give the sending agent's id (as registered, see 'agent agents list').");
        if (!AgentIds.IsValid(sender)) throw new InvalidMessageException("sender", $"The sender '{sender}' is not an agent id ({AgentIds.Rule}).");
        var recipient = Recipient.Parse(draft.To);
        var correlation = string.IsNullOrWhiteSpace(draft.CorrelationId) ? null : draft.CorrelationId.Trim();
        if (correlation is { Length: > MaxIdLength }) throw new InvalidMessageException("correlationId", $"The correlation id is {correlation.Length} characters long; keep it to {MaxIdLength}.");
        var messageId = string.IsNullOrWhiteSpace(draft.MessageId) ? null : draft.MessageId.Trim();
        if (messageId is { Length: > MaxIdLength }) throw new InvalidMessageException("messageId", $"The message id is {messageId.Length} characters long; keep it to {MaxIdLength}.");
        var schema = PayloadSchemas.For(type);
        if (schema.RequiresCorrelation && correlation is null)
            throw new InvalidMessageException("correlationId", $"A {type} needs a correlation id: the id of the message it replies to (for an answer, the question's message id).");
        return new ValidatedDraft(type, sender, recipient, correlation, ParsePayload(draft.Payload, schema, maxPayloadBytes), messageId);
    }

    private static JsonElement ParsePayload(string? text, PayloadSchema schema, int maxPayloadBytes)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new InvalidMessageException("payload", $"The payload is empty; a {schema.Type} payload is a JSON object such as {schema.Example}.");
        var bytes = System.Text.Encoding.UTF8.GetByteCount(text);
        if (bytes > maxPayloadBytes)
            throw new InvalidMessageException("payload", $"The payload is {bytes} bytes; the limit is {maxPayloadBytes} (Coordination:MaxPayloadBytes). Send a path or a summary instead of the content.");
        JsonElement payload;
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 32 });
            payload = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new InvalidMessageException("payload", $"The payload is not valid JSON ({e.Message}); a {schema.Type} payload is a JSON object such as {schema.Example}.");
        }
        var problems = schema.Check(payload);
        if (problems.Count > 0)
            throw new InvalidMessageException("payload", $"The {schema.Type} payload does not match its schema: {string.Join("; ", problems)}. Send e.g. {schema.Example}.");
        return payload;
    }
}
