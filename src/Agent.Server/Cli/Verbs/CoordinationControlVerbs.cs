using Agent.Activities.Coordination.Detection;
using Agent.Server.Cli.Rendering;

namespace Agent.Server.Cli.Verbs;

/// <summary><c>agent agents pause --reason "…" [--stop-spawns]</c>: pauses the coordination (and optionally spawning), persisted in coordination.db.</summary>
public sealed class AgentsPauseVerb : Verb
{
    private readonly Option<string> _reason = new("--reason") { Description = "Why the coordination is paused (shown to whoever resumes it).", Required = true };
    private readonly Option<bool> _stopSpawns = new("--stop-spawns") { Description = "Also stop spawning new agents." };

    /// <summary>Creates the verb.</summary>
    public AgentsPauseVerb(CliContext context) : base(context, "pause", "Pause the coordination: the coordinating workflow hands out no new work until 'agent agents resume'.")
    {
        Command.Add(_reason);
        Command.Add(_stopSpawns);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var reason = parse.GetValue(_reason);
        if (string.IsNullOrWhiteSpace(reason)) throw new CliUsageException("--reason is empty; say why the coordination is paused, e.g. --reason \"reviewing agent output\".");
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var control = session.Get<CoordinationControl>();
        await control.SetAsync(CoordinationControl.Paused, reason, "cli", cancellationToken);
        if (parse.GetValue(_stopSpawns)) await control.SetAsync(CoordinationControl.SpawnsStopped, reason, "cli", cancellationToken);
        new IncidentsRenderer(Console).WriteFlags(await control.ListAsync(cancellationToken));
        return ExitCodes.Success;
    }
}

/// <summary><c>agent agents resume</c>: lifts the pause and the spawn stop.</summary>
public sealed class AgentsResumeVerb : Verb
{
    /// <summary>Creates the verb.</summary>
    public AgentsResumeVerb(CliContext context) : base(context, "resume", "Resume the coordination: lift the pause and the spawn stop (check 'agent incidents list' first).")
    {
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var control = session.Get<CoordinationControl>();
        var before = await control.ListAsync(cancellationToken);
        await control.ResumeAsync(cancellationToken);
        Console.WriteLine(before.Count == 0 ? "The coordination was not paused." : $"Resumed; lifted: {string.Join(", ", before.Select(f => f.Name))}.");
        return ExitCodes.Success;
    }
}

/// <summary><c>agent incidents list [--detector name] [--take N] [--json]</c>: coordination incidents, newest first, and the pause state.</summary>
public sealed class IncidentsListVerb : Verb
{
    private static readonly string[] Detectors =
        [DetectorNames.Oscillation, DetectorNames.DuplicateWork, DetectorNames.RunawaySpawning, DetectorNames.CostSpike, DetectorNames.EchoLoop, DetectorNames.Deadlock];

    private readonly Option<string?> _detector = new("--detector") { Description = $"Only this detector's incidents ({string.Join(", ", Detectors)})." };
    private readonly Option<int> _take = CommonOptions.Take("How many incidents to list, newest first.", 20);
    private readonly Option<bool> _json = CommonOptions.Json("the incidents and the pause state");

    /// <summary>Creates the verb.</summary>
    public IncidentsListVerb(CliContext context) : base(context, "list", "List coordination incidents (newest first) with their evidence and action, and whether the coordination is paused.")
    {
        Command.Add(_detector);
        Command.Add(_take);
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var take = parse.GetTake(_take);
        var detector = parse.GetValue(_detector)?.Trim().ToLowerInvariant();
        if (detector is not null && !Detectors.Contains(detector)) throw new CliUsageException($"--detector '{detector}' is not a detector; give one of {string.Join(", ", Detectors)}.");
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var incidents = await session.Get<CoordinationIncidentStore>().ListAsync(detector, take, cancellationToken);
        var flags = await session.Get<CoordinationControl>().ListAsync(cancellationToken);
        if (parse.GetValue(_json)) { Console.WriteJson(new { Flags = flags, Incidents = incidents }); return ExitCodes.Success; }
        var renderer = new IncidentsRenderer(Console);
        renderer.WriteFlags(flags);
        if (incidents.Count == 0) Console.WriteLine("No coordination incidents.");
        else renderer.WriteIncidents(incidents);
        return ExitCodes.Success;
    }
}
