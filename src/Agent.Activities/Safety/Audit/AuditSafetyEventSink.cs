using Agent.Activities.Safety.Events;
using Agent.Activities.Safety.Redaction;
using Agent.Activities.Safety.Webhooks;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Safety.Audit;

/// <summary>
/// The registered <see cref="ISafetyEventSink"/>: redacts the event, renders it for each subscribed endpoint, and appends
/// it to the audit log with its outbox rows in one transaction; the dispatcher sends them afterwards.
/// </summary>
public sealed class AuditSafetyEventSink(AuditLog log, SecretRedactor redactor, WebhookPayloads payloads, IOptionsMonitor<WebhookOptions> webhooks, WebhookWakeUp wakeUp)
    : ISafetyEventSink
{
    /// <inheritdoc />
    public async Task PublishAsync(SafetyEvent safetyEvent, CancellationToken cancellationToken)
    {
        var redacted = Redact(safetyEvent);
        var deliveries = webhooks.CurrentValue.Endpoints
            .Where(e => e.Subscribes(redacted.Kind))
            .DistinctBy(e => e.Url)
            .Select(e => new WebhookDelivery(e.Url, e.Format, payloads.Render(redacted, e.Format)))
            .ToList();
        await log.AppendAsync(redacted, deliveries, cancellationToken);
        if (deliveries.Count > 0) wakeUp.Wake();
    }

    /// <summary>The event as it may be stored and sent: secrets in the summary, actor and data masked; secret-named data keys masked whole.</summary>
    public SafetyEvent Redact(SafetyEvent safetyEvent) => safetyEvent with
    {
        Actor = redactor.Redact(safetyEvent.Actor),
        Summary = redactor.Redact(safetyEvent.Summary),
        Data = redactor.RedactData(safetyEvent.Data),
    };
}
