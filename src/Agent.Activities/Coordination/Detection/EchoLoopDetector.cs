using System.Text.Json;
using System.Text.Json.Nodes;
using Agent.Activities.Coordination.Messaging;
using Microsoft.Extensions.Options;
using static Agent.Activities.Coordination.Messaging.CoordinationDatabase;

namespace Agent.Activities.Coordination.Detection;

/// <summary>
/// Echo loops, from the message bus within <c>EchoLoop:Window</c>: the same message (type + normalized payload hash)
/// passing between the same two agents, either way, at least <c>EchoLoop:MinRepeats</c> times; or the same failure
/// (a <c>result</c> with status <c>failed</c>, its summary normalized) reported by at least <c>EchoLoop:MinFailingAgents</c> agents.
/// </summary>
public sealed class EchoLoopDetector(CoordinationDatabase database, IOptions<DetectionOptions> options) : IEmergentBehaviourDetector
{
    private sealed record Hop(string MessageId, string Type, string Sender, string Recipient, string PayloadHash, JsonElement Payload, DateTimeOffset At);

    /// <inheritdoc />
    public string Name => DetectorNames.EchoLoop;

    /// <inheritdoc />
    public async Task<IReadOnlyList<DetectionFinding>> DetectAsync(DetectionContext context, CancellationToken cancellationToken)
    {
        var settings = options.Value.EchoLoop;
        var hops = await ReadAsync(context.Now - settings.Window, cancellationToken);
        var ignored = settings.EffectiveIgnoredTypes.Select(t => t.Trim().ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        return [.. Bounces(hops.Where(h => !ignored.Contains(h.Type)), settings.MinRepeats), .. Failures(hops, settings.MinFailingAgents)];
    }

    private IEnumerable<DetectionFinding> Bounces(IEnumerable<Hop> hops, int minRepeats)
    {
        var groups = hops.Where(h => h.Sender != h.Recipient)
            .GroupBy(h => (h.Type, h.PayloadHash, A: Min(h.Sender, h.Recipient), B: Max(h.Sender, h.Recipient)));
        foreach (var group in groups)
        {
            var list = group.OrderBy(h => h.At).ToList();
            if (list.Count < minRepeats) continue;
            var evidence = new JsonObject
            {
                ["type"] = group.Key.Type, ["payloadHash"] = group.Key.PayloadHash, ["repeats"] = list.Count,
                ["payload"] = JsonNode.Parse(list[0].Payload.GetRawText()),
                ["messages"] = new JsonArray([.. list.Select(h => (JsonNode)new JsonObject { ["id"] = h.MessageId, ["from"] = h.Sender, ["to"] = h.Recipient, ["at"] = h.At.ToString("O") })]),
            };
            yield return new DetectionFinding(Name, [group.Key.A, group.Key.B],
                $"the same {group.Key.Type} message passed between {group.Key.A} and {group.Key.B} {list.Count} times", evidence,
                DetectionFinding.FingerprintOf(Name, ["bounce", group.Key.Type, group.Key.PayloadHash, group.Key.A, group.Key.B, list[0].MessageId]));
        }
    }

    private IEnumerable<DetectionFinding> Failures(IEnumerable<Hop> hops, int minAgents)
    {
        // One row per delivery: a failure sent to a role counts once per message.
        var failures = hops.Where(h => h.Type == MessageTypes.Result && Text(h.Payload, "status") == "failed" && Text(h.Payload, "summary") is not null)
            .DistinctBy(h => h.MessageId)
            .GroupBy(h => TextNormalizer.Text(Text(h.Payload, "summary")!));
        foreach (var group in failures)
        {
            var agents = group.Select(h => h.Sender).Distinct().Order(StringComparer.Ordinal).ToList();
            if (agents.Count < minAgents) continue;
            var evidence = new JsonObject
            {
                ["failure"] = group.Key, ["agentCount"] = agents.Count,
                ["messages"] = new JsonArray([.. group.OrderBy(h => h.At).Select(h => (JsonNode)new JsonObject { ["id"] = h.MessageId, ["from"] = h.Sender, ["at"] = h.At.ToString("O") })]),
            };
            yield return new DetectionFinding(Name, agents, $"{agents.Count} agents failed the same way: {Clip(group.Key)}", evidence,
                DetectionFinding.FingerprintOf(Name, ["failure", TextNormalizer.Hash(group.Key)], agents));
        }
    }

    private async Task<IReadOnlyList<Hop>> ReadAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, """
            SELECT m.id, m.type, m.sender, d.agent_id, m.payload, m.created_at
            FROM messages m JOIN deliveries d ON d.message_seq = m.seq
            WHERE m.created_at >= $since ORDER BY m.seq
            """, ("$since", Time(since)));
        var hops = new List<Hop>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            using var payload = JsonDocument.Parse(reader.GetString(4));
            hops.Add(new Hop(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                TextNormalizer.PayloadHash(payload.RootElement), payload.RootElement.Clone(), ReadTime(reader, 5)!.Value));
        }
        return hops;
    }

    private static string? Text(JsonElement payload, string name) =>
        payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Min(string a, string b) => string.CompareOrdinal(a, b) <= 0 ? a : b;
    private static string Max(string a, string b) => string.CompareOrdinal(a, b) <= 0 ? b : a;
    private static string Clip(string text) => text.Length <= 120 ? text : text[..120] + "…";
}
