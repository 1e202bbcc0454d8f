using System.Globalization;
using Agent.Workflows.Runtime;
using Spectre.Console;

namespace Agent.Server.Cli.Rendering;

/// <summary>Renders instances for people: a status line, waiting bookmarks, incidents, variables, lists.</summary>
public sealed class InstanceRenderer(CliConsole console)
{
    /// <summary>The status line plus bookmarks and incidents, as printed after <c>run</c> and <c>resume</c>.</summary>
    public void WriteResult(WorkflowInstance instance)
    {
        console.Output.MarkupLine(
            $"{StatusMarkup(instance.Status)} instance [bold]{Markup.Escape(instance.Id)}[/] of " +
            $"{Markup.Escape(instance.DefinitionId)} v{instance.Version}");
        WriteBookmarks(instance);
        WriteIncidents(instance);
    }

    /// <summary>Everything about one instance, as printed by <c>instances show</c>.</summary>
    public void WriteDetails(WorkflowInstance i)
    {
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("Instance", Markup.Escape(i.Id));
        grid.AddRow("Definition", Markup.Escape($"{i.DefinitionId} v{i.Version} ({i.DefinitionVersionId})"));
        grid.AddRow("Status", StatusMarkup(i.Status));
        if (i.CorrelationId is not null) grid.AddRow("Correlation", Markup.Escape(i.CorrelationId));
        grid.AddRow("Created", Time(i.CreatedAt));
        grid.AddRow("Updated", Time(i.UpdatedAt));
        if (i.FinishedAt is { } finished) grid.AddRow("Finished", Time(finished));
        console.Output.Write(grid);
        WriteValues("Input", i.State.Input);
        WriteValues("Variables", i.State.Variables);
        if (i.State.OutputLines.Count > 0)
        {
            console.Output.MarkupLine("[bold]Output[/]");
            foreach (var line in i.State.OutputLines) console.WriteLine($"  {line}");
        }
        WriteRunningComposites(i);
        WriteBookmarks(i);
        WriteIncidents(i);
    }

    // Loops, branches and nested flowcharts still running, with where they stand (a loop's iteration in the path).
    private void WriteRunningComposites(WorkflowInstance instance)
    {
        var state = instance.State;
        var running = state.Frames.Values.Where(f => f.Kind == FrameKind.Composite).OrderBy(f => f.StartedAt).ToList();
        if (running.Count == 0 || instance.Status is WorkflowStatus.Finished or WorkflowStatus.Cancelled) return;
        var table = new Table().Title("Running containers").AddColumns("Activity", "In", "Children running", "Since");
        foreach (var f in running)
            table.AddRow(Markup.Escape(f.ActivityId), Markup.Escape(FramePath.Describe(state, f.ParentId)),
                state.Frames.Values.Count(c => c.ParentId == f.Id && c.Kind == FrameKind.Child).ToString(CultureInfo.InvariantCulture), Time(f.StartedAt));
        console.Output.Write(table);
    }

    private static string At(WorkflowState state, string? frameId, string activityId) =>
        FramePath.Describe(state, frameId) is { Length: > 0 } path ? $"{path} › {activityId}" : activityId;

    /// <summary>A table of instances, newest first.</summary>
    public void WriteList(IReadOnlyList<WorkflowInstance> instances, int total)
    {
        if (instances.Count == 0) { console.WriteLine("No instances."); return; }
        var table = new Table().AddColumns("Instance", "Definition", "Version", "Status", "Correlation", "Created", "Updated");
        foreach (var i in instances)
            table.AddRow(Markup.Escape(i.Id), Markup.Escape(i.DefinitionId), i.Version.ToString(CultureInfo.InvariantCulture),
                StatusMarkup(i.Status), Markup.Escape(i.CorrelationId ?? ""), Time(i.CreatedAt), Time(i.UpdatedAt));
        console.Output.Write(table);
        if (total > instances.Count) console.WriteLine($"Showing {instances.Count} of {total} instances.");
    }

    private void WriteBookmarks(WorkflowInstance instance)
    {
        if (instance.State.Bookmarks.Count == 0) return;
        var table = new Table().Title("Waiting on").AddColumns("Bookmark", "Name", "Activity", "Correlation", "Expires");
        foreach (var b in instance.State.Bookmarks)
            table.AddRow(Markup.Escape(b.Id), Markup.Escape(b.Name), Markup.Escape(At(instance.State, b.FrameId, b.ActivityId)),
                Markup.Escape(b.CorrelationId ?? ""), b.ExpiresAt is { } e ? Time(e) : "");
        console.Output.Write(table);
        var first = instance.State.Bookmarks[0];
        console.WriteLine($"Resume with: agent resume {first.Id}   (or: agent resume --name {first.Name})");
    }

    private void WriteIncidents(WorkflowInstance instance)
    {
        if (instance.State.Incidents.Count == 0) return;
        var table = new Table().Title("Incidents").AddColumns("Activity", "Type", "Message", "When");
        foreach (var incident in instance.State.Incidents)
            table.AddRow(Markup.Escape(incident.ActivityId), Markup.Escape(incident.ActivityType),
                Markup.Escape(incident.Message), Time(incident.Timestamp));
        console.Output.Write(table);
    }

    private void WriteValues(string title, IReadOnlyDictionary<string, object?> values)
    {
        if (values.Count == 0) return;
        var table = new Table().Title(title).AddColumns("Name", "Value");
        foreach (var (name, value) in values.OrderBy(v => v.Key, StringComparer.Ordinal))
            table.AddRow(Markup.Escape(name), Markup.Escape(InputArguments.Format(value)));
        console.Output.Write(table);
    }

    /// <summary>The status as coloured markup.</summary>
    public static string StatusMarkup(WorkflowStatus status) => status switch
    {
        WorkflowStatus.Finished => "[green]Finished[/]",
        WorkflowStatus.Suspended => "[yellow]Suspended[/]",
        WorkflowStatus.Faulted => "[red]Faulted[/]",
        WorkflowStatus.Cancelled => "[grey]Cancelled[/]",
        _ => "[blue]Running[/]",
    };

    /// <summary>A timestamp in UTC, to the second.</summary>
    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
