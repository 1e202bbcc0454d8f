using System.Text.RegularExpressions;
using Agent.Activities.Learning.Persistence;

namespace Agent.Activities.Learning.Graph;

/// <summary>A node by identity: its type and its key within the type.</summary>
public sealed record NodeRef(NodeType Type, string Key);

/// <summary>A stored node.</summary>
public sealed record GraphNode(long Id, NodeType Type, string Key, string Label);

/// <summary>Which way an edge runs from the node asked about.</summary>
public enum EdgeDirection
{
    /// <summary>Edges from the node.</summary>
    Outgoing,
    /// <summary>Edges to the node.</summary>
    Incoming,
    /// <summary>Both.</summary>
    Both,
}

/// <summary>A neighbour of a node: the node, the edge type and weight, and the edge's direction seen from the asked node.</summary>
public sealed record GraphNeighbour(GraphNode Node, EdgeType EdgeType, double Weight, EdgeDirection Direction);

/// <summary>A stored edge.</summary>
public sealed record GraphEdge(long FromId, long ToId, EdgeType Type, double Weight);

/// <summary>A file and how many failed attempts touched it.</summary>
public sealed record FileFailures(string Path, int Failures);

/// <summary>A solution found through the graph for errors like a given one.</summary>
public sealed record GraphSolution(GraphNode Error, GraphNode Solution, double Weight, int SuccessCount, int FailureCount);

/// <summary>The names of node and edge types as written in JSON, DOT and the CLI (kebab case: <c>solved-by</c>).</summary>
public static partial class GraphNames
{
    /// <summary>The kebab-case name of an enum value.</summary>
    public static string Of<T>(T value) where T : struct, Enum => Kebab().Replace(value.ToString(), "$1-$2").ToLowerInvariant();

    /// <summary>Parses a kebab-case or PascalCase name; null when unknown.</summary>
    public static T? Parse<T>(string? name) where T : struct, Enum =>
        name is not null && Enum.TryParse<T>(name.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var v) ? v : null;

    [GeneratedRegex("([a-z])([A-Z])")]
    private static partial Regex Kebab();
}
