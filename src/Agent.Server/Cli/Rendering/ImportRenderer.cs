using Agent.Workflows.Versioning;
using Spectre.Console;

namespace Agent.Server.Cli.Rendering;

/// <summary>Renders the outcome of an import, one row per file; failures are repeated on stderr.</summary>
public sealed class ImportRenderer(CliConsole console)
{
    /// <summary>Writes the table and a one-line summary.</summary>
    public void Write(IReadOnlyList<DefinitionImportResult> results)
    {
        if (results.Count == 0) { console.WriteLine("Nothing to import (no *.json files)."); return; }
        var table = new Table().AddColumns("Outcome", "File", "Definition", "Version", "Reason");
        foreach (var r in results)
            table.AddRow(Outcome(r.Outcome), Markup.Escape(Path.GetFileName(r.Source)), Markup.Escape(r.DefinitionId ?? "?"),
                r.Version is { } v ? $"v{v}" : "?", Markup.Escape(r.Outcome == DefinitionImportOutcome.Failed ? "see below" : r.Reason));
        console.Output.Write(table);
        console.WriteLine($"{Count(results, DefinitionImportOutcome.Imported)} imported, {Count(results, DefinitionImportOutcome.Skipped)} skipped, {Count(results, DefinitionImportOutcome.Failed)} failed.");
        foreach (var failed in results.Where(r => r.Outcome == DefinitionImportOutcome.Failed))
            console.WriteError($"error: {failed.Source}: {failed.Reason}");
    }

    private static int Count(IReadOnlyList<DefinitionImportResult> results, DefinitionImportOutcome outcome) => results.Count(r => r.Outcome == outcome);

    private static string Outcome(DefinitionImportOutcome outcome) => outcome switch
    {
        DefinitionImportOutcome.Imported => "[green]imported[/]",
        DefinitionImportOutcome.Skipped => "[grey]skipped[/]",
        _ => "[red]failed[/]",
    };
}
