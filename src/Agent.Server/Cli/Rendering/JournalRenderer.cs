using System.Globalization;
using Agent.Workflows.Runtime;
using Spectre.Console;

namespace Agent.Server.Cli.Rendering;

/// <summary>Renders an instance's journal as a table.</summary>
public sealed class JournalRenderer(CliConsole console)
{
    /// <summary>Writes the entries in execution order.</summary>
    public void Write(IReadOnlyList<JournalEntry> entries)
    {
        if (entries.Count == 0) { console.WriteLine("The journal is empty."); return; }
        var table = new Table().AddColumns("#", "Activity", "Type", "Status", "Outcomes", "Started", "ms", "Error");
        foreach (var e in entries)
            table.AddRow(
                e.Sequence.ToString(CultureInfo.InvariantCulture), Markup.Escape(e.ActivityName ?? e.ActivityId),
                Markup.Escape(e.ActivityType), Markup.Escape(e.Status.ToString()), Markup.Escape(e.Outcomes ?? ""),
                InstanceRenderer.Time(e.StartedAt), e.DurationMs.ToString("0.#", CultureInfo.InvariantCulture),
                Markup.Escape(e.Error ?? ""));
        console.Output.Write(table);
    }
}
