namespace Agent.Activities.Safety.Webhooks;

/// <summary>One event to send to one endpoint, as queued in the outbox: the body is rendered (and redacted) when the event is published.</summary>
/// <param name="Url">The endpoint.</param>
/// <param name="Format"><c>json</c> or <c>slack</c>.</param>
/// <param name="Body">The request body.</param>
public sealed record WebhookDelivery(string Url, string Format, string Body);

/// <summary>A queued delivery read back from the outbox.</summary>
/// <param name="RowId">The outbox row.</param>
/// <param name="EventId">The event id (<c>X-Agent-Event-Id</c>; the same on every retry).</param>
/// <param name="Kind">The event kind (<c>X-Agent-Event</c>).</param>
/// <param name="Url">The endpoint.</param>
/// <param name="Body">The request body.</param>
/// <param name="Attempts">Attempts made before this one.</param>
public sealed record PendingDelivery(long RowId, string EventId, string Kind, string Url, string Body, int Attempts);
