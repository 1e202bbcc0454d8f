using Agent.Activities.Learning.Graph;
using Agent.Server.Cli.Rendering;

namespace Agent.Server.Cli.Verbs;

/// <summary><c>agent knowledge graph [--format table|json|dot] [--out FILE]</c>: a summary of the knowledge graph, or the whole graph exported.</summary>
public sealed class KnowledgeGraphVerb : Verb
{
    private static readonly string[] Formats = ["table", "json", "dot"];
    private readonly Option<string> _format = new("--format") { Description = "table (a summary), json or dot (the whole graph).", DefaultValueFactory = _ => "table" };
    private readonly Option<string?> _out = new("--out") { Description = "Write the export to this file instead of stdout." };

    /// <summary>Creates the verb.</summary>
    public KnowledgeGraphVerb(CliContext context) : base(context, "graph", "The knowledge graph: node and edge counts and the files most often in failures, or an export as JSON or Graphviz DOT.")
    {
        _format.AcceptOnlyFromAmong(Formats);
        Command.Add(_format);
        Command.Add(_out);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var format = parse.GetValue(_format) ?? "table";
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var graph = session.Get<KnowledgeGraph>();
        var (nodes, edges) = await graph.SnapshotAsync(cancellationToken);
        if (format == "table")
        {
            new KnowledgeRenderer(Console).WriteGraphSummary(nodes, edges, await graph.FilesMostInFailuresAsync(10, cancellationToken));
            return ExitCodes.Success;
        }
        var text = format == "dot" ? GraphExporter.ToDot(nodes, edges) : GraphExporter.ToJson(nodes, edges);
        if (parse.GetValue(_out) is { Length: > 0 } path)
        {
            await File.WriteAllTextAsync(path, text, cancellationToken);
            Console.WriteError($"Wrote {nodes.Count} nodes and {edges.Count} edges to {Path.GetFullPath(path)}.");
        }
        else
        {
            Console.WriteLine(text.TrimEnd());
        }
        return ExitCodes.Success;
    }
}
