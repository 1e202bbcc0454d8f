using System.Data.Common;
using System.Text.Json.Nodes;
using Agent.Activities.Coordination.Messaging;
using Agent.Workflows.Persistence;
using Microsoft.Extensions.Options;
using static Agent.Activities.Coordination.Messaging.CoordinationDatabase;

namespace Agent.Activities.Coordination.Detection;

/// <summary>
/// Deadlock, from the wait-for graph: an agent waits on every live agent it sent a <c>question</c> that has no
/// <c>answer</c> yet (an answer's correlation id is its question's id) when its status is <c>waiting</c>, or when one of
/// its workflows waits in <c>Agent.ReceiveMessage</c> for that answer (the bookmark names the agent and the question's
/// id, whatever status the agent last reported). An incident is raised
/// when every live agent waits on another (so none can move), or, with <c>Deadlock:AnyCycle</c>, for any wait cycle.
/// </summary>
public sealed class DeadlockDetector(CoordinationDatabase database, AgentRegistry registry, IWorkflowInstanceStore instances, IOptions<DetectionOptions> options) : IEmergentBehaviourDetector
{
    private sealed record WaitEdge(string From, string To, string QuestionId);

    /// <inheritdoc />
    public string Name => DetectorNames.Deadlock;

    /// <inheritdoc />
    public async Task<IReadOnlyList<DetectionFinding>> DetectAsync(DetectionContext context, CancellationToken cancellationToken)
    {
        var live = (await registry.ListAsync(cancellationToken)).Where(a => a.Status != AgentStatuses.Stopped).ToDictionary(a => a.Id, StringComparer.Ordinal);
        var waiting = live.Values.Where(a => a.Status == AgentStatuses.Waiting).Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        var awaitedAnswers = await AwaitedAnswersAsync(cancellationToken);
        var edges = (await UnansweredAsync(cancellationToken))
            .Where(e => (waiting.Contains(e.From) || awaitedAnswers.Contains((e.From, e.QuestionId))) && live.ContainsKey(e.To) && e.From != e.To).ToList();
        var next = edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).Distinct().ToList(), StringComparer.Ordinal);
        var cycles = WaitCycles.Find(next).Where(c => c.Count > 1).ToList();
        if (cycles.Count == 0) return [];
        if (options.Value.Deadlock.AnyCycle)
            return [.. cycles.Select(c => Finding(c.Order(StringComparer.Ordinal).ToList(), edges, "a wait cycle"))];
        // Every live agent waits on another live agent: none of them can move, whatever the shape of the graph.
        if (live.Count > 1 && live.Keys.All(next.ContainsKey))
            return [Finding([.. live.Keys.Order(StringComparer.Ordinal)], edges, "every live agent waits on another")];
        return [];
    }

    private DetectionFinding Finding(List<string> agents, List<WaitEdge> edges, string what)
    {
        var inside = edges.Where(e => agents.Contains(e.From) && agents.Contains(e.To)).OrderBy(e => e.From, StringComparer.Ordinal).ThenBy(e => e.QuestionId, StringComparer.Ordinal).ToList();
        var evidence = new JsonObject
        {
            ["agents"] = new JsonArray([.. agents.Select(a => (JsonNode)a)]),
            ["waits"] = new JsonArray([.. inside.Select(e => (JsonNode)new JsonObject { ["agent"] = e.From, ["waitsOn"] = e.To, ["question"] = e.QuestionId })]),
        };
        return new DetectionFinding(Name, agents, $"deadlock: {what} ({string.Join(", ", agents)})", evidence,
            DetectionFinding.FingerprintOf(Name, agents, inside.Select(e => e.QuestionId).Distinct()));
    }

    /// <summary>(agent, question id) for every workflow waiting in ReceiveMessage for a message correlated to a question.</summary>
    private async Task<HashSet<(string Agent, string Correlation)>> AwaitedAnswersAsync(CancellationToken cancellationToken)
    {
        var waits = new HashSet<(string, string)>();
        foreach (var bookmark in await instances.FindBookmarksAsync(ReceiveMessage.BookmarkName, null, cancellationToken))
            if (ReceiveMessage.FilterOf(bookmark) is { CorrelationId: { } correlation } filter) waits.Add((filter.AgentId, correlation));
        return waits;
    }

    private async Task<IReadOnlyList<WaitEdge>> UnansweredAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, """
            SELECT q.sender, d.agent_id, q.id FROM messages q JOIN deliveries d ON d.message_seq = q.seq
            WHERE q.type = @question AND NOT EXISTS (SELECT 1 FROM messages a WHERE a.type = @answer AND a.correlation_id = q.id)
            """, ("@question", MessageTypes.Question), ("@answer", MessageTypes.Answer));
        var edges = new List<WaitEdge>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) edges.Add(new WaitEdge(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        return edges;
    }
}

/// <summary>The strongly connected components of a wait-for graph (Tarjan's algorithm, iterative); a component of two or more agents holds a cycle.</summary>
public static class WaitCycles
{
    /// <summary>The components of the graph <paramref name="next"/> (agent → agents it waits on).</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Find(IReadOnlyDictionary<string, List<string>> next)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var components = new List<IReadOnlyList<string>>();
        var nodes = next.Keys.Concat(next.Values.SelectMany(v => v)).Distinct().Order(StringComparer.Ordinal).ToList();
        foreach (var root in nodes.Where(n => !index.ContainsKey(n)))
        {
            // An explicit stack of (node, next child position): a long chain of agents cannot overflow the call stack.
            var work = new Stack<(string Node, int Child)>();
            work.Push((root, 0));
            while (work.Count > 0)
            {
                var (node, child) = work.Pop();
                if (child == 0) { index[node] = low[node] = index.Count; stack.Push(node); onStack.Add(node); }
                var children = next.GetValueOrDefault(node) ?? [];
                if (child > 0) low[node] = Math.Min(low[node], low[children[child - 1]]);
                var pushed = false;
                for (var i = child; i < children.Count; i++)
                {
                    var to = children[i];
                    if (!index.ContainsKey(to)) { work.Push((node, i + 1)); work.Push((to, 0)); pushed = true; break; }
                    if (onStack.Contains(to)) low[node] = Math.Min(low[node], index[to]);
                }
                if (pushed || low[node] != index[node]) continue;
                var component = new List<string>();
                string member;
                do { member = stack.Pop(); onStack.Remove(member); component.Add(member); } while (member != node);
                components.Add(component);
            }
        }
        return components;
    }
}
