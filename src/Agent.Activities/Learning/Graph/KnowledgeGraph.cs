using System.Data.Common;
using Agent.Activities.Learning.Errors;
using Agent.Activities.Learning.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Agent.Activities.Learning.Graph;

/// <summary>
/// The knowledge graph in the knowledge base (SQLite or PostgreSQL): typed nodes (goal, gap, task, file, error, solution, tool, pattern, capability) and
/// weighted, typed, directed edges whose weight grows each time a relation is seen again. Queries: neighbours by type,
/// what solved errors like X, files most often in failures, shortest path.
/// </summary>
public sealed class KnowledgeGraph(KnowledgeDatabase database, ErrorDatabase errors)
{
    /// <summary>Adds (or relabels) a node and returns its id.</summary>
    public Task<long> AddNodeAsync(NodeRef node, string? label = null, CancellationToken cancellationToken = default) =>
        database.WriteAsync(db => NodeAsync(db, node, label, cancellationToken), cancellationToken);

    /// <summary>Adds an edge between two nodes (created when missing), or adds <paramref name="weight"/> to the existing edge.</summary>
    public Task AddEdgeAsync(NodeRef from, EdgeType type, NodeRef to, double weight = 1, CancellationToken cancellationToken = default) =>
        database.WriteAsync(async db =>
        {
            var fromId = await NodeAsync(db, from, null, cancellationToken).ConfigureAwait(false);
            var toId = await NodeAsync(db, to, null, cancellationToken).ConfigureAwait(false);
            return await EdgeAsync(db, fromId, type, toId, weight, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>The neighbours of <paramref name="node"/>, heaviest edge first, optionally by edge type and neighbour type.</summary>
    public Task<IReadOnlyList<GraphNeighbour>> NeighboursAsync(NodeRef node, EdgeType? edgeType = null, NodeType? neighbourType = null,
        EdgeDirection direction = EdgeDirection.Both, int take = 50, CancellationToken cancellationToken = default) =>
        database.ReadAsync(db => NeighboursAsync(db, node, edgeType, neighbourType, direction, take, cancellationToken), cancellationToken);

    /// <summary>What solved errors like <paramref name="error"/>: the solution nodes of the same and similar errors, with their track record.</summary>
    public async Task<IReadOnlyList<GraphSolution>> SolutionsForErrorsLikeAsync(ErrorObservation error, CancellationToken cancellationToken = default)
    {
        var matches = await errors.LookupAsync(error, cancellationToken).ConfigureAwait(false);
        return await database.ReadAsync<IReadOnlyList<GraphSolution>>(async db =>
        {
            var result = new List<GraphSolution>();
            foreach (var match in matches)
            {
                var errorRef = new NodeRef(NodeType.Error, LearningService.Key(match.Error.Id));
                if (await FindAsync(db, errorRef, cancellationToken).ConfigureAwait(false) is not { } errorNode) continue;
                foreach (var s in await NeighboursAsync(db, errorRef, EdgeType.SolvedBy, NodeType.Solution, EdgeDirection.Outgoing, 20, cancellationToken).ConfigureAwait(false))
                {
                    var record = match.Solutions.FirstOrDefault(x => LearningService.Key(x.Id) == s.Node.Key);
                    result.Add(new GraphSolution(errorNode, s.Node, s.Weight, record?.SuccessCount ?? 0, record?.FailureCount ?? 0));
                }
            }
            return result;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The node <paramref name="node"/> refers to, or null when it is not stored.</summary>
    public Task<GraphNode?> FindAsync(NodeRef node, CancellationToken cancellationToken = default) =>
        database.ReadAsync(db => FindAsync(db, node, cancellationToken), cancellationToken);

    internal static async Task<GraphNode?> FindAsync(KnowledgeDbContext db, NodeRef node, CancellationToken cancellationToken)
    {
        await using var command = await KnowledgeSql.CommandAsync(db, "SELECT id, type, key, label FROM graph_nodes WHERE type = @type AND key = @key", cancellationToken,
            ("@type", node.Type.ToString()), ("@key", node.Key)).ConfigureAwait(false);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadNode(reader) : null;
    }

    /// <summary>Files touched by attempts that did not end accepted, most failures first.</summary>
    public Task<IReadOnlyList<FileFailures>> FilesMostInFailuresAsync(int take = 10, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<FileFailures>>(async db =>
        {
            const string sql = """
                SELECT f.key, CAST(COUNT(*) AS INTEGER) FROM graph_edges e
                JOIN graph_nodes t ON t.id = e.fromId AND t.type = 'Task'
                JOIN experiences x ON x.id = t.key AND x.outcome <> 'Accepted'
                JOIN graph_nodes f ON f.id = e.toId AND f.type = 'File'
                WHERE e.type = 'Touches'
                GROUP BY f.id, f.key ORDER BY COUNT(*) DESC, f.key LIMIT @take
                """;
            var list = new List<FileFailures>();
            await using var command = await KnowledgeSql.CommandAsync(db, sql, cancellationToken, ("@take", take)).ConfigureAwait(false);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) list.Add(new FileFailures(reader.GetString(0), reader.GetInt32(1)));
            return list;
        }, cancellationToken);

    /// <summary>A shortest path (fewest edges, either direction) from one node to another, both ends included; empty when none within <paramref name="maxHops"/>.</summary>
    public Task<IReadOnlyList<GraphNode>> ShortestPathAsync(NodeRef from, NodeRef to, int maxHops = 6, CancellationToken cancellationToken = default) =>
        database.ReadAsync(db => new GraphPathFinder(db).FindAsync(from, to, maxHops, cancellationToken), cancellationToken);

    /// <summary>Every node and edge (for export).</summary>
    public Task<(IReadOnlyList<GraphNode> Nodes, IReadOnlyList<GraphEdge> Edges)> SnapshotAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync<(IReadOnlyList<GraphNode>, IReadOnlyList<GraphEdge>)>(async db =>
        {
            var nodes = await db.Nodes.OrderBy(n => n.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
            var edges = await db.Edges.OrderBy(e => e.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
            return (nodes.Select(ToNode).ToList(), edges.Select(e => new GraphEdge(e.FromId, e.ToId, e.Type, e.Weight)).ToList());
        }, cancellationToken);

    internal static Task<long> NodeAsync(KnowledgeDbContext db, NodeRef node, string? label, CancellationToken cancellationToken) =>
        KnowledgeSql.ScalarAsync(db, """
            INSERT INTO graph_nodes (type, key, label) VALUES (@type, @key, @label)
            ON CONFLICT (type, key) DO UPDATE SET label = CASE WHEN @relabel THEN excluded.label ELSE graph_nodes.label END
            RETURNING id;
            """, cancellationToken, ("@type", node.Type.ToString()), ("@key", node.Key), ("@label", label ?? node.Key), ("@relabel", label is not null));

    internal static Task<long> EdgeAsync(KnowledgeDbContext db, long fromId, EdgeType type, long toId, double weight, CancellationToken cancellationToken) =>
        KnowledgeSql.ScalarAsync(db, """
            INSERT INTO graph_edges (fromId, toId, type, weight) VALUES (@from, @to, @type, @weight)
            ON CONFLICT (fromId, type, toId) DO UPDATE SET weight = graph_edges.weight + excluded.weight
            RETURNING id;
            """, cancellationToken, ("@from", fromId), ("@to", toId), ("@type", type.ToString()), ("@weight", weight));

    internal static async Task<IReadOnlyList<GraphNeighbour>> NeighboursAsync(KnowledgeDbContext db, NodeRef node, EdgeType? edgeType, NodeType? neighbourType,
        EdgeDirection direction, int take, CancellationToken cancellationToken)
    {
        var parts = new List<string>();
        if (direction is EdgeDirection.Outgoing or EdgeDirection.Both)
            parts.Add("SELECT n.id, n.type AS nodeType, n.key, n.label, e.type AS edgeType, e.weight, 0 AS direction FROM graph_edges e JOIN graph_nodes n ON n.id = e.toId WHERE e.fromId = @id" + Filters());
        if (direction is EdgeDirection.Incoming or EdgeDirection.Both)
            parts.Add("SELECT n.id, n.type AS nodeType, n.key, n.label, e.type AS edgeType, e.weight, 1 AS direction FROM graph_edges e JOIN graph_nodes n ON n.id = e.fromId WHERE e.toId = @id" + Filters());
        var sql = $"SELECT * FROM ({string.Join(" UNION ALL ", parts)}) AS neighbours ORDER BY 6 DESC, 1 LIMIT @take";
        var result = new List<GraphNeighbour>();
        await using var command = await KnowledgeSql.CommandAsync(db,
            "SELECT id FROM graph_nodes WHERE type = @type AND key = @key", cancellationToken, ("@type", node.Type.ToString()), ("@key", node.Key)).ConfigureAwait(false);
        if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not long id) return result;
        await using var query = await KnowledgeSql.CommandAsync(db, sql, cancellationToken,
            ("@id", id), ("@edgeType", edgeType?.ToString()), ("@nodeType", neighbourType?.ToString()), ("@take", take)).ConfigureAwait(false);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            result.Add(new GraphNeighbour(ReadNode(reader), Enum.Parse<EdgeType>(reader.GetString(4)), reader.GetDouble(5),
                reader.GetInt32(6) == 0 ? EdgeDirection.Outgoing : EdgeDirection.Incoming));
        return result;

        string Filters() => (edgeType is null ? "" : " AND e.type = @edgeType") + (neighbourType is null ? "" : " AND n.type = @nodeType");
    }

    internal static GraphNode ReadNode(DbDataReader r) => new(r.GetInt64(0), Enum.Parse<NodeType>(r.GetString(1)), r.GetString(2), r.GetString(3));

    private static GraphNode ToNode(GraphNodeRecord n) => new(n.Id, n.Type, n.Key, n.Label);
}
