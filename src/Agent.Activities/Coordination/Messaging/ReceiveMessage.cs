using Agent.Workflows.Runtime;

namespace Agent.Activities.Coordination.Messaging;

/// <summary>
/// Waits for a message to an agent, optionally of one type and correlation id, and outputs it. Completes at once when
/// one is pending; otherwise it waits on a bookmark named <see cref="BookmarkName"/> (carrying the agent id and filter)
/// that a send resumes. The message is taken by a claim keyed by this execution's id, so it is handed over once even
/// when the resume races with another or the process dies before the workflow's state is saved.
/// </summary>
[Activity("Agent", "Coordination", "Waits for a message to an agent (optionally of one type and correlation id) and outputs it.", DisplayName = "Receive Message")]
public sealed class ReceiveMessage : IResumableActivity
{
    /// <summary>The name of the bookmarks this activity waits on.</summary>
    public const string BookmarkName = "Agent.ReceiveMessage";

    private const string AgentKey = "agentId";
    private const string TypeKey = "messageType";
    private const string CorrelationKey = "correlationId";

    /// <summary>The receiving agent.</summary>
    [Input(Description = "The id of the receiving agent (registered; see 'agent agents list').", Order = 0)]
    public Input<string> AgentId { get; set; } = null!;

    /// <summary>Only messages of this type.</summary>
    [Input(Description = "Only messages of this type; any type when empty.", UIHint = "Dropdown", Options = ["", "task", "result", "review", "vote", "question", "answer", "heartbeat", "cancel"], Order = 1)]
    public Input<string> MessageType { get; set; } = null!;

    /// <summary>Only messages with this correlation id.</summary>
    [Input(Description = "Only messages with this correlation id (e.g. a question's id, to receive its answer); any when empty.", Order = 2)]
    public Input<string> CorrelationId { get; set; } = null!;

    /// <summary>Whether the message is acknowledged when received.</summary>
    [Input(Description = "Acknowledge the message on receipt (the workflow's state holds it from then on).", DefaultValue = true, Order = 3)]
    public Input<bool> Acknowledge { get; set; } = null!;

    /// <summary>The message: id, type, sender, recipient, correlationId, createdAt, payload.</summary>
    [Output(Description = "The message: id, type, sender, recipient, correlationId, createdAt, payload.")]
    public Output<AgentMessage> Message { get; set; } = null!;

    /// <inheritdoc />
    public ValueTask ExecuteAsync(ActivityExecutionContext context) => ReceiveOrWaitAsync(context);

    /// <inheritdoc />
    public ValueTask ResumeAsync(ActivityExecutionContext context) => ReceiveOrWaitAsync(context);

    /// <summary>The filter a waiting bookmark carries, or null for a bookmark that is not this activity's.</summary>
    public static MessageFilter? FilterOf(Bookmark bookmark) =>
        bookmark.Payload is { } p && p.GetValueOrDefault(AgentKey) is string agent
            ? new MessageFilter(agent, p.GetValueOrDefault(TypeKey) as string, p.GetValueOrDefault(CorrelationKey) as string)
            : null;

    private async ValueTask ReceiveOrWaitAsync(ActivityExecutionContext context)
    {
        var filter = ReadFilter(context);
        DeliveredMessage? taken;
        try
        {
            taken = await context.GetRequiredService<MessageBus>().ReceiveAsync(filter, context.ExecutionId, context.Get(Acknowledge), context.CancellationToken);
        }
        catch (UnknownAgentException e)
        {
            throw new WorkflowFaultException($"{context.NodePath}: agentId: {e.Message}");
        }
        if (taken is null)
        {
            context.CreateBookmark(BookmarkName, new() { [AgentKey] = filter.AgentId, [TypeKey] = filter.Type, [CorrelationKey] = filter.CorrelationId });
            return;
        }
        context.Set(Message, taken.Message);
        context.Complete();
    }

    private MessageFilter ReadFilter(ActivityExecutionContext context)
    {
        var agent = context.Get(AgentId)?.Trim();
        if (!AgentIds.IsValid(agent))
            throw new WorkflowFaultException($"{context.NodePath}: agentId '{agent}' is not an agent id ({AgentIds.Rule}); give the receiving agent's id.");
        var typeText = context.Get(MessageType);
        string? type = null;
        if (!string.IsNullOrWhiteSpace(typeText))
            type = MessageTypes.Normalize(typeText) ?? throw new WorkflowFaultException($"{context.NodePath}: messageType '{typeText}' is not a message type; give one of {string.Join(", ", MessageTypes.All)}, or leave it empty for any.");
        var correlation = context.Get(CorrelationId);
        return new MessageFilter(agent!, type, string.IsNullOrWhiteSpace(correlation) ? null : correlation.Trim());
    }
}
