using System.Globalization;
using System.Text;
using Agent.Activities.Research.Http;
using Agent.Activities.Safety.Audit;
using Agent.Activities.Safety.Events;
using Agent.Activities.Safety.Redaction;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Safety.Webhooks;

/// <summary>
/// Sends the due outbox rows: POST with the event headers and signature; a 2xx marks the row delivered, anything else
/// schedules the next attempt with exponential backoff and jitter, and the last failed attempt marks it dead and audits
/// an incident. Delivery is at least once: a row is marked delivered only after its 2xx, so a crash in between resends it
/// with the same <c>X-Agent-Event-Id</c>, by which receivers deduplicate.
/// </summary>
public sealed class WebhookDispatcher(WebhookOutbox outbox, AuditLog audit, SecretRedactor redactor, IHttpClientFactory clients,
    IOptionsMonitor<WebhookOptions> options, TimeProvider clock, ILogger<WebhookDispatcher> logger)
{
    /// <summary>The named <see cref="HttpClient"/> the dispatcher posts with.</summary>
    public const string ClientName = "safety-webhooks";

    private const int Batch = 50;

    /// <summary>Sends every row that is due now; returns how many attempts were made.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var attempts = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            // The lease outlasts one request, so a row is never claimed twice while it is being sent.
            var due = await outbox.ClaimDueAsync(clock.GetUtcNow(), settings.RequestTimeout * 2 + TimeSpan.FromSeconds(5), Batch, cancellationToken);
            foreach (var row in due)
            {
                await SendAsync(row, settings, cancellationToken);
                attempts++;
            }
            if (due.Count < Batch) break;
        }
        return attempts;
    }

    /// <summary>
    /// For a process without the background dispatcher (the CLI): when it queued deliveries, sends what is due within
    /// <see cref="WebhookOptions.CliFlushTimeout"/>. Whatever is left (a slow or failing receiver) stays in the outbox.
    /// </summary>
    public async Task FlushQueuedHereAsync(WebhookWakeUp wakeUp)
    {
        var bound = options.CurrentValue.CliFlushTimeout;
        if (!wakeUp.QueuedHere || bound <= TimeSpan.Zero) return;
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            await DispatchDueAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            logger.LogInformation("Webhook deliveries not sent within {Bound} (Safety:Webhooks:CliFlushTimeout) stay in the outbox for the server.", bound);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or IOException)
        {
            // The verb's work is done and audited; its deliveries stay queued for the server.
            logger.LogWarning(e, "Could not send the queued webhook deliveries; they stay in the outbox for the server.");
        }
    }

    /// <summary>The wait after the <paramref name="failures"/>-th failure: doubling from the initial backoff, capped, ±25 % jitter.</summary>
    public static TimeSpan Backoff(int failures, WebhookOptions settings, double jitter)
    {
        var exponential = settings.InitialBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 30));
        var capped = Math.Min(exponential, settings.MaxBackoff.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(Math.Min(capped * (0.75 + 0.5 * jitter), settings.MaxBackoff.TotalMilliseconds));
    }

    private async Task SendAsync(PendingDelivery row, WebhookOptions settings, CancellationToken cancellationToken)
    {
        var attempt = row.Attempts + 1;
        var endpoint = settings.Endpoints.FirstOrDefault(e => e.Url == row.Url);
        if (endpoint is null)
        {
            await GiveUpAsync(row, attempt - 1, "the endpoint is no longer configured in Safety:Webhooks:Endpoints", cancellationToken);
            return;
        }
        string? error;
        try
        {
            using var request = Request(row, endpoint, clock.GetUtcNow());
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(settings.RequestTimeout);
            using var response = await clients.CreateClient(ClientName).SendAsync(request, timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                await outbox.MarkDeliveredAsync(row.RowId, attempt, clock.GetUtcNow(), CancellationToken.None);
                return;
            }
            error = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            error = $"no answer within {settings.RequestTimeout.TotalSeconds:0.#} s (Safety:Webhooks:RequestTimeout)";
        }
        catch (Exception e) when (e is HttpRequestException or OutboundHttpException or Polly.Timeout.TimeoutRejectedException)
        {
            error = e.Message;
        }
        if (attempt >= settings.MaxAttempts)
        {
            await GiveUpAsync(row, attempt, error, cancellationToken);
            return;
        }
        var next = clock.GetUtcNow() + Backoff(attempt, settings, Random.Shared.NextDouble());
        logger.LogWarning("Webhook {Kind} {EventId} to {Url} failed (attempt {Attempt} of {Max}): {Error}; next attempt at {Next:u}.",
            row.Kind, row.EventId, redactor.Redact(row.Url), attempt, settings.MaxAttempts, error, next);
        await outbox.RetryLaterAsync(row.RowId, attempt, next, error, CancellationToken.None);
    }

    private static HttpRequestMessage Request(PendingDelivery row, WebhookEndpoint endpoint, DateTimeOffset now)
    {
        var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, row.Url) { Content = new StringContent(row.Body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Agent-Event", row.Kind);
        request.Headers.Add("X-Agent-Event-Id", row.EventId);
        request.Headers.Add("X-Agent-Timestamp", timestamp);
        if (endpoint.Secret.Length > 0) request.Headers.Add("X-Agent-Signature", WebhookSignature.Sign(endpoint.Secret, timestamp, row.Body));
        return request;
    }

    // A dead delivery is an incident for a person, audited but not sent as a webhook: the receiver that is failing could
    // be the one it would go to, and queuing it there would only fail again.
    private async Task GiveUpAsync(PendingDelivery row, int attempts, string error, CancellationToken cancellationToken)
    {
        await outbox.MarkDeadAsync(row.RowId, attempts, error, CancellationToken.None);
        var url = redactor.Redact(row.Url);
        logger.LogError("Webhook {Kind} {EventId} to {Url} gave up after {Attempts} attempts: {Error}.", row.Kind, row.EventId, url, attempts, error);
        var incident = SafetyEvent.Create(SafetyEventKinds.Incident, "agent", redactor.Redact($"Webhook delivery of {row.Kind} to {url} gave up after {attempts} attempts: {error}"),
            new Dictionary<string, string> { ["event_id"] = row.EventId, ["url"] = url, ["attempts"] = attempts.ToString(CultureInfo.InvariantCulture), ["error"] = redactor.Redact(error) }, clock);
        await audit.AppendAsync(incident, [], cancellationToken);
    }
}
