using Agent.Activities.Approvals;
using Agent.Server.Cli;
using Agent.Workflows.Runtime;
using Spectre.Console;

namespace Agent.Server.MainJob;

/// <summary>Prints how a cycle ended: the summary table, or the incidents of a cycle that faulted before it wrote one.</summary>
public sealed class CycleSummaryRenderer(CliConsole console)
{
    /// <summary>Writes the summary of <paramref name="instance"/>.</summary>
    public void Write(WorkflowInstance instance, CycleSummary? summary)
    {
        var table = new Table().Title("Cycle summary").AddColumns("", "");
        table.AddRow("Instance", Markup.Escape($"{instance.Id} ({instance.Status})"));
        if (summary is null)
        {
            table.AddRow("Outcome", instance.Status == WorkflowStatus.Faulted ? "[red]faulted[/]" : Markup.Escape(instance.Status.ToString()));
            foreach (var incident in instance.State.Incidents) table.AddRow("Incident", Markup.Escape($"{incident.ActivityId}: {incident.Message}"));
            console.Output.Write(table);
            return;
        }
        table.AddRow("Outcome", Outcome(summary.Text("outcome")) + (summary.Text("reason") is { Length: > 0 } reason ? Markup.Escape($" — {reason}") : ""));
        table.AddRow("Gaps found", Markup.Escape(summary.Text("gapsFound")));
        if (summary.Object("topGap") is { } gap)
            table.AddRow("Top gap", Markup.Escape($"{CycleSummary.Format(gap.GetValueOrDefault("taskType"))}: {CycleSummary.Format(gap.GetValueOrDefault("summary"))}"));
        var assessed = summary.Text("outcome") == "assessed";
        if (assessed) WriteAssessment(table, summary);
        table.AddRow("Measured", Markup.Escape(summary.Text("measuredBefore") is { Length: > 0 } before
            ? summary.Text("measuredAfter") is { Length: > 0 } after ? $"{before} → {after}" : before
            : $"{summary.Tests("testsBefore")} → {summary.Tests("testsAfter")}"));
        if (summary.Text("gapEvidence") is { Length: > 0 } evidence)
            table.AddRow("Gap closed", Markup.Escape($"{(summary.Text("gapClosed") == "True" ? "yes" : "no")}: {evidence}"));
        if (summary.Text("diffStat") is { Length: > 0 } stat) table.AddRow("Change", Markup.Escape(stat));
        if (summary.Text("improvementScore") is { Length: > 0 } score) table.AddRow("Improvement score", Markup.Escape(score));
        foreach (var failure in summary.List("gateFailures")) table.AddRow("Gate failed", Markup.Escape(failure));
        table.AddRow("Commit", summary.Text("commit") is { Length: > 0 } commit ? Markup.Escape(commit) : "none");
        table.AddRow("Cost", Markup.Escape($"${summary.Text("costUsd")}, {summary.Text("tokens")} tokens"));
        console.Output.Write(table);
        if (instance.State.Bookmarks.FirstOrDefault(b => b.Name == HumanApproval.BookmarkName) is { } waiting)
            console.WriteLine($"The change waits for approval: agent approve {waiting.Id} (or agent reject {waiting.Id}); list with agent approvals.");
    }

    // An assessment-only cycle's result is its ranking, research and plan: what a live cycle would work on, and how.
    private static void WriteAssessment(Table table, CycleSummary summary)
    {
        var rank = 0;
        foreach (var gap in summary.Objects("rankedGaps"))
            table.AddRow(++rank == 1 ? "Ranked gaps" : "", Markup.Escape($"{rank}. [{CycleSummary.Format(gap.GetValueOrDefault("priority"))}] {CycleSummary.Format(gap.GetValueOrDefault("taskType"))}: {CycleSummary.Format(gap.GetValueOrDefault("summary"))}"));
        if (summary.Object("research") is { } research)
        {
            foreach (var file in research.GetValueOrDefault("files") is IEnumerable<object?> files ? files.OfType<IReadOnlyDictionary<string, object?>>() : [])
                table.AddRow("Research", Markup.Escape($"{CycleSummary.Format(file.GetValueOrDefault("path"))} ({CycleSummary.Format(file.GetValueOrDefault("reason"))})"));
            foreach (var note in research.GetValueOrDefault("notes") is IEnumerable<object?> notes ? notes : [])
                table.AddRow("Research", Markup.Escape(CycleSummary.Format(note)));
        }
        if (summary.Object("plan") is { } plan)
        {
            table.AddRow("Plan", Markup.Escape($"{CycleSummary.Format(plan.GetValueOrDefault("taskType"))} ({CycleSummary.Format(plan.GetValueOrDefault("mode"))}, template {CycleSummary.Format(plan.GetValueOrDefault("templateFile"))})"));
            table.AddRow("Prompt", Markup.Escape(CycleSummary.Format(plan.GetValueOrDefault("prompt"))));
        }
    }

    private static string Outcome(string outcome) => outcome switch
    {
        "merged" => "[green]merged[/]",
        "rejected" or "failed" or "refused" => $"[red]{outcome}[/]",
        "unmeasured" or "assessed" => $"[yellow]{outcome}[/]",
        _ => Markup.Escape(outcome),
    };
}
