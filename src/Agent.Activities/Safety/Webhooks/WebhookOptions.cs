using System.ComponentModel.DataAnnotations;
using Agent.Activities.Safety.Events;

namespace Agent.Activities.Safety.Webhooks;

/// <summary>Where safety events are POSTed and how deliveries are retried (configuration section <c>Safety:Webhooks</c>).</summary>
public sealed class WebhookOptions : IValidatableObject
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Safety:Webhooks";

    /// <summary>The receivers; none = events are only audited.</summary>
    public List<WebhookEndpoint> Endpoints { get; set; } = [];

    /// <summary>Attempts per delivery before it is marked dead (and an incident is audited).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 10;

    /// <summary>The wait after the first failure; it doubles with each further failure (with jitter), up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The longest wait between two attempts.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the server's dispatcher looks for due deliveries (a publish in the same process wakes it at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a CLI process (<c>agent stop</c>, <c>agent approve</c>, <c>agent run</c>…) may spend sending what it queued
    /// before it exits; what is not delivered by then stays in the outbox for the server (or the next CLI flush).
    /// </summary>
    public TimeSpan CliFlushTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one POST may take.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (InitialBackoff <= TimeSpan.Zero || MaxBackoff < InitialBackoff)
            yield return new ValidationResult("InitialBackoff must be positive and MaxBackoff at least as long, e.g. 00:00:15 and 01:00:00.", [nameof(InitialBackoff)]);
        if (PollInterval <= TimeSpan.Zero || RequestTimeout <= TimeSpan.Zero)
            yield return new ValidationResult("PollInterval and RequestTimeout must be positive, e.g. 00:00:05 and 00:00:10.", [nameof(PollInterval)]);
        if (CliFlushTimeout < TimeSpan.Zero)
            yield return new ValidationResult("CliFlushTimeout must be zero (leave sending to the server) or positive, e.g. 00:00:05.", [nameof(CliFlushTimeout)]);
        for (var i = 0; i < Endpoints.Count; i++)
        {
            var endpoint = Endpoints[i];
            var at = $"Endpoints:{i}";
            if (!Uri.TryCreate(endpoint.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                yield return new ValidationResult($"'{endpoint.Url}' is not an absolute http(s) URL; give the receiver's address, e.g. https://hooks.example.com/agent.", [$"{at}:Url"]);
            if (endpoint.Format is not (WebhookEndpoint.JsonFormat or WebhookEndpoint.SlackFormat))
                yield return new ValidationResult($"'{endpoint.Format}' is not a format; use 'json' or 'slack'.", [$"{at}:Format"]);
            foreach (var kind in endpoint.Events.Where(k => k != "*" && !SafetyEventKinds.All.Contains(k)))
                yield return new ValidationResult($"'{kind}' is not an event kind; use '*' or one of: {string.Join(", ", SafetyEventKinds.All)}.", [$"{at}:Events"]);
        }
    }
}

/// <summary>One webhook receiver.</summary>
public sealed class WebhookEndpoint
{
    /// <summary>The JSON payload: the event itself.</summary>
    public const string JsonFormat = "json";

    /// <summary>A Slack incoming-webhook payload (<c>text</c> plus blocks).</summary>
    public const string SlackFormat = "slack";

    /// <summary>Where to POST.</summary>
    public string Url { get; set; } = "";

    /// <summary>The HMAC-SHA256 key for <c>X-Agent-Signature</c>; empty = requests are not signed.</summary>
    public string Secret { get; set; } = "";

    /// <summary>The event kinds sent there; <c>*</c> or none given = all. (Empty by default: the binder appends configured items to a default list.)</summary>
    public List<string> Events { get; set; } = [];

    /// <summary><c>json</c> or <c>slack</c>.</summary>
    public string Format { get; set; } = JsonFormat;

    /// <summary>True when events of <paramref name="kind"/> go to this endpoint.</summary>
    public bool Subscribes(string kind) => Events.Count == 0 || Events.Contains("*") || Events.Contains(kind);
}
