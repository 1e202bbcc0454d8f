using System.Security.Cryptography;
using System.Text;
using Agent.Activities.Safety.Events;

namespace Agent.Activities.Safety.Audit;

/// <summary>Helpers for the code that publishes safety events from places a crash can re-run (activities, verbs).</summary>
public static class SafetyEventPublishing
{
    /// <summary>
    /// An event id derived from <paramref name="kind"/> and what the event is about (<paramref name="key"/>: an approval
    /// id, a commit), in the GUID "N" shape. Publishing twice with it audits and sends once, so an activity re-run after a
    /// crash does not report its merge twice.
    /// </summary>
    public static string StableId(string kind, string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{kind}\n{key}")))[..32];

    /// <summary>
    /// Publishes an event whose id is <see cref="StableId"/>(<paramref name="kind"/>, <paramref name="key"/>); does
    /// nothing when <paramref name="sink"/> is null (a host or test that registers no audit).
    /// </summary>
    public static Task PublishOnceAsync(this ISafetyEventSink? sink, string key, string kind, string actor, string summary,
        IReadOnlyDictionary<string, string> data, DateTimeOffset at, CancellationToken cancellationToken) =>
        sink is null
            ? Task.CompletedTask
            : sink.PublishAsync(new SafetyEvent(StableId(kind, key), kind, at, actor, summary, data), cancellationToken);
}
