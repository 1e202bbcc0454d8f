using Agent.Activities.Schedule;
using Spectre.Console;

namespace Agent.Server.Cli.Verbs;

/// <summary><c>agent schedule list [--json]</c>: published definitions with a cron trigger, paused or not, last and next fire.</summary>
public sealed class ScheduleListVerb : Verb
{
    private readonly Option<bool> _json = CommonOptions.Json("the schedule");

    /// <summary>Creates the verb.</summary>
    public ScheduleListVerb(CliContext context) : base(context, "list", "List scheduled definitions (published, starting with an Elsa.Cron trigger).")
    {
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var entries = await session.Get<ScheduleCatalog>().ListAsync(cancellationToken);
        if (parse.GetValue(_json)) { Console.WriteJson(entries); return ExitCodes.Success; }
        if (entries.Count == 0) { Console.WriteLine("Nothing is scheduled: publish a definition that starts with an Elsa.Cron trigger."); return ExitCodes.Success; }
        var table = new Table().AddColumns("Definition", "Version", "Cron", "State", "Next fire (UTC)", "Last fire (UTC)", "Last outcome");
        foreach (var e in entries)
            table.AddRow(Markup.Escape(e.DefinitionId), e.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(e.Trigger.Expression),
                e.Paused ? "paused" : "active", e.NextFireAt?.ToString("u") ?? "-", e.LastFiredAt?.ToString("u") ?? "-", Markup.Escape(e.LastOutcome ?? "-"));
        Console.Output.Write(table);
        return ExitCodes.Success;
    }
}

/// <summary><c>agent schedule pause|resume &lt;id&gt;</c>: kept across restarts; a running server picks it up within Schedule:SyncInterval.</summary>
public sealed class SchedulePauseVerb : Verb
{
    private readonly bool _pause;
    private readonly Argument<string> _id = new("definition-id") { Description = "The scheduled definition." };

    /// <summary>Creates <c>pause</c> or <c>resume</c>.</summary>
    public SchedulePauseVerb(CliContext context, bool pause)
        : base(context, pause ? "pause" : "resume", pause ? "Pause a definition's schedule (kept across restarts)." : "Resume a paused schedule.")
    {
        _pause = pause;
        Command.Add(_id);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var entry = await session.Get<ScheduleCatalog>().SetPausedAsync(parse.GetRequiredValue(_id), _pause, cancellationToken);
        Console.WriteLine(_pause ? $"Paused {entry.DefinitionId}." : $"Resumed {entry.DefinitionId}; next fire {entry.NextFireAt:u}.");
        return ExitCodes.Success;
    }
}

/// <summary><c>agent schedule trigger &lt;id&gt;</c>: fires a scheduled definition now, in this process, with the same overlap checks.</summary>
public sealed class ScheduleTriggerVerb : Verb
{
    private readonly Argument<string> _id = new("definition-id") { Description = "The scheduled definition." };

    /// <summary>Creates the verb.</summary>
    public ScheduleTriggerVerb(CliContext context) : base(context, "trigger", "Fire a scheduled definition now (skipped while one of its instances runs or waits).")
    {
        Command.Add(_id);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var entry = await session.Get<ScheduleCatalog>().FindAsync(parse.GetRequiredValue(_id), cancellationToken);
        var run = await session.Get<ScheduledWorkflowRunner>().RunAsync(entry.DefinitionId, cancellationToken: cancellationToken);
        if (!run.Started) { Console.WriteError($"Not started: {run.SkipReason}."); return ExitCodes.Failed; }
        Console.WriteLine($"Started {run.DefinitionId}: instance {run.InstanceId} is {run.Status}.");
        return ExitCodes.Success;
    }
}
