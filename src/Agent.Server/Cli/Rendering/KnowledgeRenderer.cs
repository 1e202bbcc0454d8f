using System.Globalization;
using Agent.Activities.Learning;
using Agent.Activities.Learning.Errors;
using Agent.Activities.Learning.Graph;
using Agent.Activities.Learning.Persistence;
using Spectre.Console;

namespace Agent.Server.Cli.Rendering;

/// <summary>Renders what the agent learned: errors with fixes, patterns, a graph summary, replay proposals.</summary>
public sealed class KnowledgeRenderer(CliConsole console)
{
    /// <summary>Errors and their best fixes.</summary>
    public void WriteErrors(IReadOnlyList<ErrorMatch> matches, bool lookup)
    {
        if (matches.Count == 0) { console.WriteLine(lookup ? "No stored error matches." : "No errors stored yet."); return; }
        var table = new Table().AddColumns("Id", lookup ? "Match" : "Source", "Error", "Seen", "Last seen", "Best fixes (worked / tried)");
        foreach (var m in matches)
        {
            var fixes = m.Solutions.Count == 0 ? "none yet" : string.Join("\n", m.Solutions.Select(s => $"{s.SuccessCount}/{s.SuccessCount + s.FailureCount}: {s.Description}"));
            table.AddRow(m.Error.Id.ToString(CultureInfo.InvariantCulture), lookup ? $"{m.Kind} {m.Score:0.00}" : Markup.Escape(m.Error.Source),
                Markup.Escape($"{m.Error.Kind}: {m.Error.Message}"), m.Error.Occurrences.ToString(CultureInfo.InvariantCulture),
                m.Error.LastSeenAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), Markup.Escape(fixes));
        }
        console.Output.Write(table);
    }

    /// <summary>Patterns, anti-patterns marked.</summary>
    public void WritePatterns(IReadOnlyList<PatternRecord> patterns)
    {
        if (patterns.Count == 0) { console.WriteLine("No patterns mined yet."); return; }
        var table = new Table().AddColumns("Task type", "Approach", "Succeeded", "Failed", "Mean improvement", "Anti-pattern");
        foreach (var p in patterns)
            table.AddRow(Markup.Escape(p.TaskType), Markup.Escape(p.ApproachKey), p.SuccessCount.ToString(CultureInfo.InvariantCulture),
                p.FailureCount.ToString(CultureInfo.InvariantCulture), p.MeanImprovement?.ToString("0.###", CultureInfo.InvariantCulture) ?? "n/a",
                p.IsAntiPattern ? "[red]yes[/]" : "no");
        console.Output.Write(table);
    }

    /// <summary>Node and edge counts by type, and the files most often in failures.</summary>
    public void WriteGraphSummary(IReadOnlyList<GraphNode> nodes, IReadOnlyList<GraphEdge> edges, IReadOnlyList<FileFailures> files)
    {
        if (nodes.Count == 0) { console.WriteLine("The knowledge graph is empty."); return; }
        var counts = new Table().Title($"{nodes.Count} nodes, {edges.Count} edges").AddColumns("Node type", "Nodes");
        foreach (var g in nodes.GroupBy(n => n.Type).OrderBy(g => g.Key)) counts.AddRow(GraphNames.Of(g.Key), g.Count().ToString(CultureInfo.InvariantCulture));
        console.Output.Write(counts);
        var edgeCounts = new Table().AddColumns("Edge type", "Edges", "Total weight");
        foreach (var g in edges.GroupBy(e => e.Type).OrderBy(g => g.Key))
            edgeCounts.AddRow(GraphNames.Of(g.Key), g.Count().ToString(CultureInfo.InvariantCulture), g.Sum(e => e.Weight).ToString("0.##", CultureInfo.InvariantCulture));
        console.Output.Write(edgeCounts);
        if (files.Count == 0) return;
        var failing = new Table().Title("Files most often in failed attempts").AddColumns("File", "Failed attempts");
        foreach (var f in files) failing.AddRow(Markup.Escape(f.Path), f.Failures.ToString(CultureInfo.InvariantCulture));
        console.Output.Write(failing);
    }

    /// <summary>Past failures proposed again.</summary>
    public void WriteProposals(IReadOnlyList<ReplayProposal> proposals)
    {
        if (proposals.Count == 0) { console.WriteLine("No past failure has new knowledge to retry with."); return; }
        var table = new Table().AddColumns("Experience", "Task type", "Task", "Failed at", "New fixes", "Why");
        foreach (var p in proposals)
            table.AddRow(Markup.Escape(p.ExperienceId), Markup.Escape(p.Task.TaskType), Markup.Escape(p.Task.Gap ?? p.Task.Description),
                p.FailedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), Markup.Escape(string.Join("\n", p.NewSolutions.Select(s => s.Description))), Markup.Escape(p.Reason));
        console.Output.Write(table);
    }
}
