using System.Text.Encodings.Web;
using System.Text.Json;
using Agent.Activities.Safety.Events;

namespace Agent.Activities.Safety.Webhooks;

/// <summary>Renders an event as a webhook body: the event as JSON, or a Slack message.</summary>
public sealed class WebhookPayloads
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The body of <paramref name="safetyEvent"/> (already redacted) for an endpoint of <paramref name="format"/>.</summary>
    public string Render(SafetyEvent safetyEvent, string format) => format == WebhookEndpoint.SlackFormat ? Slack(safetyEvent) : Event(safetyEvent);

    private static string Event(SafetyEvent e) =>
        JsonSerializer.Serialize(new { id = e.Id, kind = e.Kind, at = e.At.UtcDateTime, actor = e.Actor, summary = e.Summary, data = e.Data }, Json);

    // Slack incoming webhooks need "text" (also the notification line); the blocks show the details.
    private static string Slack(SafetyEvent e)
    {
        var text = $"[agent] {e.Kind}: {e.Summary}";
        var details = string.Join("\n", e.Data.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"*{Escape(p.Key)}*: {Escape(p.Value)}"));
        var blocks = new List<object>
        {
            new { type = "section", text = new { type = "mrkdwn", text = $"*{Escape(e.Kind)}* — {Escape(e.Summary)}" } },
            new { type = "context", elements = new[] { new { type = "mrkdwn", text = $"by {Escape(e.Actor)} at {e.At.UtcDateTime:u} · event {e.Id}" } } },
        };
        if (details.Length > 0) blocks.Insert(1, new { type = "section", text = new { type = "mrkdwn", text = details } });
        return JsonSerializer.Serialize(new { text, blocks }, Json);
    }

    // Slack's mrkdwn treats these three as control characters.
    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
