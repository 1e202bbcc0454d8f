using System.Globalization;
using Agent.Activities.Coordination.Detection;
using Spectre.Console;

namespace Agent.Server.Cli.Rendering;

/// <summary>Renders coordination incidents and the pause flags for people.</summary>
public sealed class IncidentsRenderer(CliConsole console)
{
    /// <summary>Whether the coordination is paused and spawning stopped, and why.</summary>
    public void WriteFlags(IReadOnlyList<ControlFlag> flags)
    {
        if (flags.Count == 0) { console.WriteLine("Coordination: running (not paused)."); return; }
        foreach (var flag in flags)
            console.WriteLine($"Coordination {flag.Name.Replace('_', ' ')} since {flag.SetAt.ToString("u", CultureInfo.InvariantCulture)} by {flag.SetBy}: {flag.Reason}");
    }

    /// <summary>One row per incident, newest first.</summary>
    public void WriteIncidents(IReadOnlyList<CoordinationIncident> incidents)
    {
        var table = new Table().AddColumns("When", "Detector", "Agents", "Action", "What happened", "Incident");
        foreach (var i in incidents)
            table.AddRow(i.At.ToString("u", CultureInfo.InvariantCulture), i.Detector, Markup.Escape(string.Join(", ", i.Agents)), i.Action,
                Markup.Escape(i.Summary), Markup.Escape(i.Id));
        console.Output.Write(table);
    }
}
