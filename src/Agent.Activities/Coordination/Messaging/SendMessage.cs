using System.Text.Json;
using Agent.Workflows.Expressions;

namespace Agent.Activities.Coordination.Messaging;

/// <summary>
/// Sends a message from an agent to an agent, a role (<c>role:reviewer</c>) or every agent (<c>*</c>), and resumes the
/// workflows waiting for it. The message id is derived from this execution's id, so a re-run after a crash sends once.
/// </summary>
[Activity("Agent", "Coordination", "Sends a typed message from an agent to an agent, a role (role:<name>) or everyone (*).", DisplayName = "Send Message")]
public sealed class SendMessage : IActivity
{
    /// <summary>The message type.</summary>
    [Input(Description = "The message type.", UIHint = "Dropdown", Options = ["task", "result", "review", "vote", "question", "answer", "heartbeat", "cancel"], Order = 0)]
    public Input<string> MessageType { get; set; } = null!;

    /// <summary>The sending agent.</summary>
    [Input(Description = "The id of the sending agent (registered).", Order = 1)]
    public Input<string> Sender { get; set; } = null!;

    /// <summary>The recipient.</summary>
    [Input(Description = "An agent id, role:<name> (every live agent with that role) or * (every live agent but the sender).", Order = 2)]
    public Input<string> To { get; set; } = null!;

    /// <summary>The correlation id.</summary>
    [Input(Description = "Ties the message to a task or conversation; an answer's is its question's message id.", Order = 3)]
    public Input<string> CorrelationId { get; set; } = null!;

    /// <summary>The payload: an object (or JSON text) matching the type's schema.</summary>
    [Input(Description = "The payload: an object, or JSON text, matching the type's schema (see docs/coordination/messages.md).", UIHint = "MultiLine", Order = 4)]
    public Input<object> Payload { get; set; } = null!;

    /// <summary>The stored message's id.</summary>
    [Output(Description = "The id of the message sent.")]
    public Output<string> MessageId { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var draft = new MessageDraft
        {
            Type = context.Get(MessageType), Sender = context.Get(Sender), To = context.Get(To), CorrelationId = context.Get(CorrelationId),
            Payload = PayloadText(context.Get(Payload)), MessageId = "wf-" + context.ExecutionId,
        };
        try
        {
            var sent = await context.GetRequiredService<MessageBus>().SendFromWorkflowAsync(draft, context.CancellationToken);
            context.Set(MessageId, sent.Message.Id);
            context.Complete();
        }
        catch (InvalidMessageException e)
        {
            throw new WorkflowFaultException($"{context.NodePath}: {e.Field}: {e.Message}");
        }
    }

    // JSON text is passed as written; anything else (an object built by an expression) is written as JSON.
    private static string? PayloadText(object? value) => value switch
    {
        null => null,
        string text => text,
        JsonElement element => element.GetRawText(),
        _ => JsonSerializer.Serialize(ValueConverter.ToPlain(value)),
    };
}
