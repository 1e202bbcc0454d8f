using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Nodes;
using Agent.Activities.Coordination.Messaging;
using Agent.Workflows.Persistence;
using Agent.Workflows.Runtime;
using Microsoft.Extensions.Options;
using static Agent.Activities.Coordination.Messaging.CoordinationDatabase;

namespace Agent.Activities.Coordination.Detection;

/// <summary>
/// Echo loops, from the message bus within <c>EchoLoop:Window</c>: the same message (type + normalized payload hash)
/// passing between the same two agents, either way, at least <c>EchoLoop:MinRepeats</c> times; or the same failure
/// (a <c>result</c> with status <c>failed</c>, its summary normalized, or a faulted or retried activity in the journal of
/// an agent's worker workflow, its error normalized) reported by at least <c>EchoLoop:MinFailingAgents</c> agents.
/// </summary>
public sealed class EchoLoopDetector(CoordinationDatabase database, IWorkflowInstanceStore instances, IOptions<DetectionOptions> options) : IEmergentBehaviourDetector
{
    private sealed record Hop(string MessageId, string Type, string Sender, string Recipient, string PayloadHash, JsonElement Payload, DateTimeOffset At);

    /// <summary>One failure an agent reported: where it was seen (a message id, or instance/sequence of a journal entry) and its text.</summary>
    private sealed record Failure(string Agent, string Source, string Text, DateTimeOffset At);

    /// <inheritdoc />
    public string Name => DetectorNames.EchoLoop;

    /// <inheritdoc />
    public async Task<IReadOnlyList<DetectionFinding>> DetectAsync(DetectionContext context, CancellationToken cancellationToken)
    {
        var settings = options.Value.EchoLoop;
        var hops = await ReadAsync(context.Now - settings.Window, cancellationToken);
        var ignored = settings.EffectiveIgnoredTypes.Select(t => t.Trim().ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        var failures = ReportedFailures(hops).Concat(await JournalFailuresAsync(context, context.Now - settings.Window, cancellationToken));
        return [.. Bounces(hops.Where(h => !ignored.Contains(h.Type)), settings.MinRepeats), .. Failures(failures, settings.MinFailingAgents)];
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

    /// <summary>The failed results sent on the bus (one per message: a failure sent to a role has a delivery per recipient).</summary>
    private static IEnumerable<Failure> ReportedFailures(IEnumerable<Hop> hops) =>
        hops.Where(h => h.Type == MessageTypes.Result && Text(h.Payload, "status") == "failed" && Text(h.Payload, "summary") is not null)
            .DistinctBy(h => h.MessageId)
            .Select(h => new Failure(h.Sender, $"message:{h.MessageId}", Text(h.Payload, "summary")!, h.At));

    /// <summary>The faults and retries in the journals of the agents' worker workflows (the caller names the instances).</summary>
    private async Task<IReadOnlyList<Failure>> JournalFailuresAsync(DetectionContext context, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var failures = new List<Failure>();
        foreach (var workspace in context.Workspaces.Where(w => !string.IsNullOrWhiteSpace(w.InstanceId)).DistinctBy(w => (w.AgentId, w.InstanceId)))
            foreach (var entry in await instances.GetJournalAsync(workspace.InstanceId!, cancellationToken))
                if (entry.Status is JournalStatus.Faulted or JournalStatus.Retrying && !string.IsNullOrWhiteSpace(entry.Error) && entry.CompletedAt >= since)
                    failures.Add(new Failure(workspace.AgentId, $"journal:{entry.InstanceId}#{entry.Sequence}", entry.Error!, entry.CompletedAt));
        return failures;
    }

    private IEnumerable<DetectionFinding> Failures(IEnumerable<Failure> failures, int minAgents)
    {
        foreach (var group in failures.GroupBy(f => TextNormalizer.Text(f.Text)))
        {
            var agents = group.Select(f => f.Agent).Distinct().Order(StringComparer.Ordinal).ToList();
            if (agents.Count < minAgents) continue;
            var evidence = new JsonObject
            {
                ["failure"] = group.Key, ["agentCount"] = agents.Count,
                ["seen"] = new JsonArray([.. group.OrderBy(f => f.At).Select(f => (JsonNode)new JsonObject { ["agent"] = f.Agent, ["source"] = f.Source, ["at"] = f.At.ToString("O") })]),
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
            WHERE m.created_at >= @since ORDER BY m.seq
            """, ("@since", Time(since)));
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
