using Agent.Activities.Learning.Persistence;

namespace Agent.Activities.Learning.Graph;

/// <summary>Breadth-first search over the edges in both directions, one SQL query per layer, for the fewest-hops path.</summary>
internal sealed class GraphPathFinder(KnowledgeDbContext db)
{
    public async Task<IReadOnlyList<GraphNode>> FindAsync(NodeRef from, NodeRef to, int maxHops, CancellationToken cancellationToken)
    {
        var start = await IdOfAsync(from, cancellationToken).ConfigureAwait(false);
        var goal = await IdOfAsync(to, cancellationToken).ConfigureAwait(false);
        if (start is null || goal is null) return [];
        var parent = new Dictionary<long, long> { [start.Value] = start.Value };
        var frontier = new List<long> { start.Value };
        for (var hop = 0; hop < maxHops && frontier.Count > 0 && !parent.ContainsKey(goal.Value); hop++)
        {
            var next = new List<long>();
            foreach (var (node, neighbour) in await StepAsync(frontier, cancellationToken).ConfigureAwait(false))
                if (parent.TryAdd(neighbour, node)) next.Add(neighbour);
            frontier = next;
        }
        if (!parent.ContainsKey(goal.Value)) return [];
        var path = new List<long> { goal.Value };
        while (path[^1] != start.Value) path.Add(parent[path[^1]]);
        path.Reverse();
        return await NodesAsync(path, cancellationToken).ConfigureAwait(false);
    }

    private async Task<long?> IdOfAsync(NodeRef node, CancellationToken cancellationToken)
    {
        await using var command = await KnowledgeSql.CommandAsync(db, "SELECT id FROM graph_nodes WHERE type = @type AND key = @key", cancellationToken,
            ("@type", node.Type.ToString()), ("@key", node.Key)).ConfigureAwait(false);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as long?;
    }

    private async Task<IReadOnlyList<(long Node, long Neighbour)>> StepAsync(IReadOnlyList<long> frontier, CancellationToken cancellationToken)
    {
        var (list, parameters) = KnowledgeSql.InList(frontier);
        var sql = $"SELECT fromId, toId FROM graph_edges WHERE fromId IN ({list}) UNION ALL SELECT toId, fromId FROM graph_edges WHERE toId IN ({list}) ORDER BY 1, 2";
        var steps = new List<(long, long)>();
        await using var command = await KnowledgeSql.CommandAsync(db, sql, cancellationToken, parameters).ConfigureAwait(false);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) steps.Add((reader.GetInt64(0), reader.GetInt64(1)));
        return steps;
    }

    private async Task<IReadOnlyList<GraphNode>> NodesAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        var (list, parameters) = KnowledgeSql.InList(ids);
        var byId = new Dictionary<long, GraphNode>();
        await using var command = await KnowledgeSql.CommandAsync(db, $"SELECT id, type, key, label FROM graph_nodes WHERE id IN ({list})", cancellationToken, parameters).ConfigureAwait(false);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) { var n = KnowledgeGraph.ReadNode(reader); byId[n.Id] = n; }
        return ids.Select(id => byId[id]).ToList();
    }
}
