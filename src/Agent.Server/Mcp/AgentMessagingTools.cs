using System.ComponentModel;
using System.Text.Json;
using Agent.Activities.Coordination.Messaging;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace Agent.Server.Mcp;

/// <summary>A message as the MCP tools return it to an agent.</summary>
public sealed record InboxItem(string Id, string Type, string From, string To, string? CorrelationId, DateTimeOffset CreatedAt, JsonElement Payload, string State)
{
    /// <summary>The item for one recipient's delivery.</summary>
    public static InboxItem Of(DeliveredMessage d) =>
        new(d.Message.Id, d.Message.Type, d.Message.Sender, d.Message.Recipient, d.Message.CorrelationId, d.Message.CreatedAt, d.Message.Payload, d.State);
}

/// <summary>What <c>agent_send</c> returns.</summary>
public sealed record SendReceipt(string Id, string Type, string To, IReadOnlyList<string> Recipients, string? CorrelationId, bool AlreadyStored);

/// <summary>
/// The message bus as MCP tools, for the Claude processes of sub-agents (added to their <c>--mcp-config</c>): send,
/// read the inbox (optionally waiting), acknowledge. Thin: <see cref="MessageBus"/> does the work; bad input becomes
/// an <c>InvalidParams</c> error that says what was wrong and what to send instead.
/// </summary>
[McpServerToolType]
public sealed class AgentMessagingTools(MessageBus bus)
{
    private const string AgentDoc = "Your own agent id (as registered; the sender of what you send, the owner of the inbox you read).";

    /// <summary>Sends a message.</summary>
    [McpServerTool(Name = "agent_send"), Description("Sends a typed message to another agent ('impl-1'), to every live agent of a role ('role:reviewer') or to every live agent but you ('*'). Types and their payloads: task {title,...}, result {status: succeeded|failed|partial, summary}, review {verdict: approve|reject, reasons: [..], score?}, vote {choice}, question {text}, answer {text} (correlationId = the question's id), heartbeat {status?}, cancel {reason}.")]
    public async Task<SendReceipt> SendAsync(
        [Description(AgentDoc)] string agent,
        [Description("task, result, review, vote, question, answer, heartbeat or cancel.")] string type,
        [Description("An agent id, role:<name> or *.")] string to,
        [Description("The payload: a JSON object matching the type's schema.")] JsonElement payload,
        [Description("Ties the message to a task or conversation; required for an answer (the question's message id).")] string? correlationId = null,
        [Description("Optional idempotency key: sending again with the same id stores nothing new.")] string? messageId = null,
        CancellationToken cancellationToken = default)
    {
        // A client may send the payload as a JSON object or as JSON text in a string; both mean the same object.
        var text = payload.ValueKind == JsonValueKind.String ? payload.GetString() : payload.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? null : payload.GetRawText();
        var sent = await Guard(() => bus.SendAsync(new MessageDraft { Type = type, Sender = agent, To = to, CorrelationId = correlationId, Payload = text, MessageId = messageId }, cancellationToken));
        return new SendReceipt(sent.Message.Id, sent.Message.Type, sent.Message.Recipient, sent.Recipients, sent.Message.CorrelationId, sent.AlreadyStored);
    }

    /// <summary>Reads pending messages.</summary>
    [McpServerTool(Name = "agent_inbox"), Description("Returns your pending messages, oldest first, and marks them delivered: each message is handed to you once, so act on it, then agent_ack it. With waitSeconds, waits up to that long for the first message when none is pending. includeUnacked also returns messages handed to you earlier and not acknowledged (e.g. after a restart).")]
    public async Task<IReadOnlyList<InboxItem>> InboxAsync(
        [Description(AgentDoc)] string agent,
        [Description("How long to wait for a message when none is pending, in seconds (0 = do not wait; capped by Coordination:MaxInboxWait).")] double waitSeconds = 0,
        [Description("Only messages of this type.")] string? type = null,
        [Description("Only messages with this correlation id.")] string? correlationId = null,
        [Description("Also return messages handed to you before and not yet acknowledged.")] bool includeUnacked = false,
        CancellationToken cancellationToken = default)
    {
        if (double.IsNaN(waitSeconds) || waitSeconds < 0 || waitSeconds > 3600) throw McpArguments.Invalid("waitSeconds", $"{waitSeconds} is not a number of seconds from 0 to 3600.");
        string? filterType = null;
        if (!string.IsNullOrWhiteSpace(type))
            filterType = MessageTypes.Normalize(type) ?? throw McpArguments.Invalid("type", $"'{type}' is not a message type; give one of {string.Join(", ", MessageTypes.All)}, or leave it out.");
        var filter = new MessageFilter(agent?.Trim() ?? "", filterType, string.IsNullOrWhiteSpace(correlationId) ? null : correlationId.Trim());
        var earlier = includeUnacked ? await Guard(() => bus.UnackedAsync(filter.AgentId, cancellationToken)) : [];
        var fresh = await Guard(() => bus.InboxAsync(filter, earlier.Count > 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(waitSeconds), cancellationToken));
        return [.. earlier.Where(e => (filter.Type is null || e.Message.Type == filter.Type) && (filter.CorrelationId is null || e.Message.CorrelationId == filter.CorrelationId)).Concat(fresh).Select(InboxItem.Of)];
    }

    /// <summary>Acknowledges messages.</summary>
    [McpServerTool(Name = "agent_ack"), Description("Acknowledges messages agent_inbox handed you (by id): they are done and will not be offered again. All or none: an id not handed to you is an error and nothing changes.")]
    public async Task<IReadOnlyList<InboxItem>> AckAsync(
        [Description(AgentDoc)] string agent,
        [Description("The ids of the messages to acknowledge.")] string[] messageIds,
        CancellationToken cancellationToken = default)
    {
        var acked = await Guard(() => bus.AckAsync(agent?.Trim() ?? "", messageIds, cancellationToken));
        return [.. acked.Select(InboxItem.Of)];
    }

    private static async Task<T> Guard<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (InvalidMessageException e)
        {
            throw McpArguments.Invalid(e.Field, e.Message);
        }
        catch (UnknownAgentException e)
        {
            throw McpArguments.Invalid("agent", e.Message);
        }
    }
}
