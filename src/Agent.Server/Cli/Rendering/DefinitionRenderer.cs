using System.Globalization;
using Agent.Workflows.Model;
using Agent.Workflows.Persistence;
using Spectre.Console;

namespace Agent.Server.Cli.Rendering;

/// <summary>Renders definitions and their versions for people.</summary>
public sealed class DefinitionRenderer(CliConsole console)
{
    /// <summary>One row per definition: its latest version and the published one.</summary>
    public void WriteList(IReadOnlyList<(WorkflowDefinitionSummary Latest, int? Published)> rows, int total)
    {
        if (rows.Count == 0) { console.WriteLine("No workflow definitions. Import some with 'agent workflows import workflows'."); return; }
        var table = new Table().AddColumns("Definition", "Name", "Latest", "Published", "Created");
        foreach (var (latest, published) in rows)
            table.AddRow(Markup.Escape(latest.DefinitionId), Markup.Escape(latest.Name ?? ""),
                $"v{latest.Version}{(latest.IsPublished ? "" : " (draft)")}",
                published is { } p ? $"v{p}" : "-", InstanceRenderer.Time(latest.CreatedAt));
        console.Output.Write(table);
        if (total > rows.Count) console.WriteLine($"Showing {rows.Count} of {total} definitions.");
    }

    /// <summary>Every version of one definition, oldest first.</summary>
    public void WriteVersions(IReadOnlyList<WorkflowDefinitionSummary> versions)
    {
        var table = new Table().AddColumns("Version", "Version id", "Published", "Latest", "Created");
        foreach (var v in versions)
            table.AddRow(v.Version.ToString(CultureInfo.InvariantCulture), Markup.Escape(v.Id),
                v.IsPublished ? "[green]yes[/]" : "", v.IsLatest ? "yes" : "", InstanceRenderer.Time(v.CreatedAt));
        console.Output.Write(table);
    }

    /// <summary>One version: identity, variables, activities and connections.</summary>
    public void WriteDetails(WorkflowDefinition d)
    {
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("Definition", Markup.Escape(d.DefinitionId));
        if (d.Name is not null) grid.AddRow("Name", Markup.Escape(d.Name));
        if (!string.IsNullOrEmpty(d.Description)) grid.AddRow("Description", Markup.Escape(d.Description));
        grid.AddRow("Version", $"{d.Version}{(d.IsPublished ? " [green](published)[/]" : " (draft)")}{(d.IsLatest ? ", latest" : "")}");
        grid.AddRow("Version id", Markup.Escape(d.Id));
        grid.AddRow("Created", InstanceRenderer.Time(d.CreatedAt));
        console.Output.Write(grid);
        if (d.Variables.Count > 0)
        {
            var variables = new Table().Title("Variables").AddColumns("Name", "Type", "Initial value");
            foreach (var v in d.Variables)
                variables.AddRow(Markup.Escape(v.Name), Markup.Escape(v.TypeName), Markup.Escape(v.Value?.ToJsonString() ?? ""));
            console.Output.Write(variables);
        }
        var activities = new Table().Title("Activities").AddColumns("Id", "Type", "Name");
        foreach (var a in d.Root.Activities ?? [])
            activities.AddRow(Markup.Escape(a.Id), Markup.Escape(a.Type), Markup.Escape(a.Name ?? ""));
        console.Output.Write(activities);
        var connections = d.Root.Connections ?? [];
        if (connections.Count > 0)
        {
            console.Output.MarkupLine("[bold]Connections[/]");
            foreach (var c in connections) console.WriteLine($"  {c}");
        }
    }
}
