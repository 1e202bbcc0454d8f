using System.Globalization;
using System.Text;
using System.Text.Json;
using Agent.Activities.Learning.Persistence;

namespace Agent.Activities.Learning.Graph;

/// <summary>Writes the knowledge graph as JSON (<c>{nodes, edges}</c>) or Graphviz DOT.</summary>
public static class GraphExporter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>JSON: <c>{"nodes":[{id,type,key,label}],"edges":[{from,to,type,weight}]}</c> with kebab-case type names.</summary>
    public static string ToJson(IReadOnlyList<GraphNode> nodes, IReadOnlyList<GraphEdge> edges) => JsonSerializer.Serialize(new
    {
        nodes = nodes.Select(n => new { id = n.Id, type = GraphNames.Of(n.Type), key = n.Key, label = n.Label }),
        edges = edges.Select(e => new { from = e.FromId, to = e.ToId, type = GraphNames.Of(e.Type), weight = e.Weight }),
    }, Indented);

    /// <summary>DOT: one node per line with a shape per type, edges labelled with their type and weight.</summary>
    public static string ToDot(IReadOnlyList<GraphNode> nodes, IReadOnlyList<GraphEdge> edges)
    {
        var dot = new StringBuilder("digraph knowledge {\n  rankdir=LR;\n  node [fontsize=10];\n");
        foreach (var n in nodes)
            dot.Append(CultureInfo.InvariantCulture, $"  n{n.Id} [label=\"{Escape(GraphNames.Of(n.Type) + ": " + Shorten(n.Label))}\", shape={Shape(n.Type)}];\n");
        foreach (var e in edges)
            dot.Append(CultureInfo.InvariantCulture, $"  n{e.FromId} -> n{e.ToId} [label=\"{GraphNames.Of(e.Type)} ({e.Weight:0.##})\"];\n");
        return dot.Append("}\n").ToString();
    }

    private static string Shape(NodeType type) => type switch
    {
        NodeType.Error => "octagon",
        NodeType.Solution => "box",
        NodeType.File => "note",
        NodeType.Task => "ellipse",
        NodeType.Goal or NodeType.Gap => "diamond",
        _ => "oval",
    };

    private static string Shorten(string label) => label.Length <= 60 ? label : label[..57] + "...";

    private static string Escape(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
