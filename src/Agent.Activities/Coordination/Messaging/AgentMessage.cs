using System.Text.Json;

namespace Agent.Activities.Coordination.Messaging;

/// <summary>A stored message: what was sent, by whom, to whom, and its validated payload.</summary>
public sealed record AgentMessage
{
    /// <summary>The message's id (a GUID, or the sender's idempotency key).</summary>
    public required string Id { get; init; }
    /// <summary>One of <see cref="MessageTypes.All"/>.</summary>
    public required string Type { get; init; }
    /// <summary>The sending agent's id.</summary>
    public required string Sender { get; init; }
    /// <summary>As addressed: an agent id, <c>role:&lt;name&gt;</c>, or <c>*</c> for every live agent but the sender.</summary>
    public required string Recipient { get; init; }
    /// <summary>Ties the message to a conversation or task (an answer's is its question's id); null when none.</summary>
    public string? CorrelationId { get; init; }
    /// <summary>When it was stored.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>The payload, a JSON object that matched its type's schema.</summary>
    public required JsonElement Payload { get; init; }
}

/// <summary>Where one recipient's copy of a message stands. Each step happens once and in this order.</summary>
public static class DeliveryStates
{
    /// <summary>Stored; no one has been handed it yet.</summary>
    public const string Pending = "pending";
    /// <summary>Handed to the recipient (a waiting workflow, or an <c>agent_inbox</c> call); it is not handed out again.</summary>
    public const string Delivered = "delivered";
    /// <summary>The recipient confirmed it handled the message.</summary>
    public const string Acked = "acked";
}

/// <summary>A message as one recipient sees it: the message and that recipient's delivery state.</summary>
public sealed record DeliveredMessage
{
    /// <summary>The message.</summary>
    public required AgentMessage Message { get; init; }
    /// <summary>The recipient agent.</summary>
    public required string AgentId { get; init; }
    /// <summary>One of <see cref="DeliveryStates"/>.</summary>
    public required string State { get; init; }
    /// <summary>When it was handed over; null while pending.</summary>
    public DateTimeOffset? DeliveredAt { get; init; }
    /// <summary>When it was acknowledged; null until then.</summary>
    public DateTimeOffset? AckedAt { get; init; }
    /// <summary>Who took it: <c>workflow:&lt;execution id&gt;</c> or <c>inbox</c>; null while pending.</summary>
    public string? Consumer { get; init; }
}

/// <summary>What a sender asks for; checked by <see cref="MessageValidator"/> before anything is stored.</summary>
public sealed record MessageDraft
{
    /// <summary>The message type (see <see cref="MessageTypes"/>).</summary>
    public string? Type { get; init; }
    /// <summary>The sending agent's id (registered).</summary>
    public string? Sender { get; init; }
    /// <summary>An agent id, <c>role:&lt;name&gt;</c>, or <c>*</c>.</summary>
    public string? To { get; init; }
    /// <summary>Optional correlation id (required for answers: the question's message id).</summary>
    public string? CorrelationId { get; init; }
    /// <summary>The payload as JSON text: an object matching the type's schema.</summary>
    public string? Payload { get; init; }
    /// <summary>
    /// Optional idempotency key used as the message id: sending the same draft again with it stores nothing new
    /// (a workflow that re-runs after a crash sends once). Null for a new GUID.
    /// </summary>
    public string? MessageId { get; init; }
}

/// <summary>The outcome of a send: the stored message and the agents it was addressed to.</summary>
public sealed record SentMessage(AgentMessage Message, IReadOnlyList<string> Recipients, bool AlreadyStored);
