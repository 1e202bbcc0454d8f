using Agent.Activities.Learning.Incidents;
using Spectre.Console;

namespace Agent.Server.Cli.Verbs;

/// <summary><c>agent knowledge incidents [--take N] [--json]</c>: what went wrong without being a verdict on a change (e.g. a change that could not be measured).</summary>
public sealed class KnowledgeIncidentsVerb : Verb
{
    private readonly Option<int> _take = CommonOptions.Take("How many incidents to list, newest first.", 20);
    private readonly Option<bool> _json = CommonOptions.Json("the incidents");

    /// <summary>Creates the verb.</summary>
    public KnowledgeIncidentsVerb(CliContext context)
        : base(context, "incidents", "Incidents: what went wrong around a cycle without being a verdict on its change (e.g. a change that could not be measured).")
    {
        Command.Add(_take);
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var take = parse.GetTake(_take);
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var incidents = await session.Get<IncidentStore>().ListAsync(take, cancellationToken);
        if (parse.GetValue(_json))
        {
            Console.WriteJson(incidents);
            return ExitCodes.Success;
        }
        if (incidents.Count == 0)
        {
            Console.WriteLine("No incidents.");
            return ExitCodes.Success;
        }
        var table = new Table().AddColumns("When", "Kind", "Repository", "Gap", "What happened");
        foreach (var i in incidents)
            table.AddRow(Markup.Escape(i.OccurredAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture)), Markup.Escape(i.Kind),
                Markup.Escape(i.Repository ?? ""), Markup.Escape(i.Gap ?? ""), Markup.Escape(i.Message));
        Console.Output.Write(table);
        return ExitCodes.Success;
    }
}
