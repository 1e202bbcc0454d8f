using System.Text.Json.Nodes;
using Agent.Activities.Coordination.Messaging;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Coordination.Detection;

/// <summary>
/// Runaway spawning, from the agents table: more than <c>Spawning:MaxPerMinute</c> agents registered within one minute
/// (a burst raises one incident, at the agent that crossed the limit), or a live agent whose parent chain is deeper
/// than <c>Spawning:MaxDepth</c> (one incident per agent that crossed the depth). Both pause and stop spawns.
/// </summary>
public sealed class RunawaySpawningDetector(AgentRegistry registry, IOptions<DetectionOptions> options) : IEmergentBehaviourDetector
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    /// <inheritdoc />
    public string Name => DetectorNames.RunawaySpawning;

    /// <inheritdoc />
    public async Task<IReadOnlyList<DetectionFinding>> DetectAsync(DetectionContext context, CancellationToken cancellationToken)
    {
        var agents = await registry.ListAsync(cancellationToken);
        return [.. Rate(agents, context.Now), .. Depth(agents)];
    }

    private IEnumerable<DetectionFinding> Rate(IReadOnlyList<AgentRecord> agents, DateTimeOffset now)
    {
        var limit = options.Value.Spawning.MaxPerMinute;
        // Only bursts that crossed the limit recently: an old burst was the business of an earlier sweep.
        var lookback = now - options.Value.Interval - Minute;
        var byTime = agents.OrderBy(a => a.CreatedAt).ThenBy(a => a.Id, StringComparer.Ordinal).ToList();
        var start = 0;
        var inBurst = false;
        for (var i = 0; i < byTime.Count; i++)
        {
            while (byTime[i].CreatedAt - byTime[start].CreatedAt >= Minute) start++;
            var count = i - start + 1;
            if (count <= limit) { inBurst = false; continue; }
            if (inBurst) continue;
            inBurst = true;
            if (byTime[i].CreatedAt < lookback) continue;
            var window = byTime.GetRange(start, count);
            var evidence = new JsonObject
            {
                ["limitPerMinute"] = limit, ["registered"] = count,
                ["from"] = window[0].CreatedAt.ToString("O"), ["to"] = window[^1].CreatedAt.ToString("O"),
                ["agents"] = new JsonArray([.. window.Select(a => (JsonNode)new JsonObject { ["id"] = a.Id, ["role"] = a.Role, ["parent"] = a.ParentId, ["at"] = a.CreatedAt.ToString("O") })]),
            };
            yield return new DetectionFinding(Name, [.. window.Select(a => a.Id).Order(StringComparer.Ordinal)],
                $"{count} agents registered within a minute (limit {limit}), the last {byTime[i].Id}", evidence,
                DetectionFinding.FingerprintOf(Name, ["rate", byTime[i].Id]), IncidentActions.PauseAndStopSpawns);
        }
    }

    private IEnumerable<DetectionFinding> Depth(IReadOnlyList<AgentRecord> agents)
    {
        var limit = options.Value.Spawning.MaxDepth;
        var byId = agents.ToDictionary(a => a.Id, StringComparer.Ordinal);
        foreach (var agent in agents.Where(a => a.Status != AgentStatuses.Stopped))
        {
            var chain = Chain(agent, byId);
            var depth = chain.Count - 1;
            if (depth <= limit) continue;
            // One incident per topmost live agent past the limit: its live descendants are deeper for the same reason,
            // but one spawned under a stopped too-deep ancestor is a new crossing.
            if (chain.Skip(1).Take(depth - limit - 1).Any(a => a.Status != AgentStatuses.Stopped)) continue;
            var evidence = new JsonObject
            {
                ["maxDepth"] = limit, ["depth"] = depth,
                ["chain"] = new JsonArray([.. chain.Select(a => (JsonNode)new JsonObject { ["id"] = a.Id, ["role"] = a.Role, ["at"] = a.CreatedAt.ToString("O") })]),
            };
            yield return new DetectionFinding(Name, [.. chain.Select(a => a.Id).Order(StringComparer.Ordinal)],
                $"agent {agent.Id} is {depth} spawns deep (limit {limit}): {string.Join(" <- ", chain.Select(a => a.Id))}", evidence,
                DetectionFinding.FingerprintOf(Name, ["depth", agent.Id]), IncidentActions.PauseAndStopSpawns);
        }
    }

    /// <summary>The agent and its ancestors, nearest first; stops at a parent that is missing or already seen (a cycle).</summary>
    private static List<AgentRecord> Chain(AgentRecord agent, IReadOnlyDictionary<string, AgentRecord> byId)
    {
        var chain = new List<AgentRecord> { agent };
        var seen = new HashSet<string>(StringComparer.Ordinal) { agent.Id };
        for (var current = agent; current.ParentId is { } parent && byId.TryGetValue(parent, out var next) && seen.Add(parent); current = next)
            chain.Add(next);
        return chain;
    }
}
