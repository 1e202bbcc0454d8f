namespace Agent.Activities.Coordination.Messaging;

/// <summary>
/// A message was refused before anything was stored: malformed JSON, an unknown type, a payload that does not match
/// its schema, an unknown recipient, an empty sender. The message says what was wrong and what to send instead.
/// </summary>
/// <param name="field">The field at fault (<c>type</c>, <c>sender</c>, <c>to</c>, <c>correlationId</c>, <c>payload</c>, <c>messageId</c>).</param>
/// <param name="message">What was wrong and what to send instead.</param>
public sealed class InvalidMessageException(string field, string message) : Exception(message)
{
    /// <summary>The field at fault, as a sender spells it.</summary>
    public string Field { get; } = field;
}

/// <summary>An agent id that is not registered (for <c>agent agents show</c>, an ack, an inbox); nothing changed.</summary>
public sealed class UnknownAgentException(string agentId)
    : Exception($"No agent has id '{agentId}'; list the registered agents with 'agent agents list'.")
{
    /// <summary>The id asked for.</summary>
    public string AgentId { get; } = agentId;
}

/// <summary>An agent registration is invalid (bad id, role or status); nothing was stored.</summary>
public sealed class InvalidAgentException(string message) : Exception(message);
