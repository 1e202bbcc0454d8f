using Agent.Activities.Guards;

namespace Agent.Server.Cli.Verbs;

/// <summary>
/// <c>agent stop [--reason R] [--by B]</c> sets the emergency stop; <c>agent stop --clear</c> clears it;
/// <c>agent stop --status</c> shows it. Every agent process (the server too) kills its Claude runs when it sees the stop.
/// </summary>
public sealed class StopVerb : Verb
{
    private readonly Option<bool> _clear = new("--clear") { Description = "Clear the stop: runs and cycles may start again." };
    private readonly Option<bool> _status = new("--status") { Description = "Only show whether the stop is set." };
    private readonly Option<string?> _reason = new("--reason") { Description = "Why (kept with the stop)." };
    private readonly Option<string?> _by = new("--by") { Description = "Who; default: the current user name." };
    private readonly Option<bool> _json = CommonOptions.Json("the stop's state");

    /// <summary>Creates the verb.</summary>
    public StopVerb(CliContext context)
        : base(context, "stop", "Emergency stop: kill every Claude run, cancel running instances, refuse new runs and cycles until 'agent stop --clear'.")
    {
        Command.Add(_clear);
        Command.Add(_status);
        Command.Add(_reason);
        Command.Add(_by);
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        if (parse.GetValue(_clear) && parse.GetValue(_status)) throw new CliUsageException("Give --clear or --status, not both.");
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var stop = session.Get<EmergencyStop>();
        var enforcer = session.Get<EmergencyStopEnforcer>();
        object result;
        string text;
        if (parse.GetValue(_clear))
        {
            var cleared = await enforcer.ClearAsync(parse.GetValue(_by) is { Length: > 0 } clearer ? clearer : Environment.UserName, cancellationToken);
            result = new { stopped = false, cleared };
            text = cleared ? "Emergency stop cleared: runs and cycles may start again." : "The emergency stop was not set.";
        }
        else if (parse.GetValue(_status))
        {
            var state = stop.Status();
            result = new { stopped = state is not null, state };
            text = state is null ? "Not stopped." : $"Stopped by {state.By} at {state.At:u}{(state.Reason is { Length: > 0 } r ? $": {r}" : "")}.";
        }
        else
        {
            var by = parse.GetValue(_by) is { Length: > 0 } given ? given : Environment.UserName;
            var (state, killed) = await enforcer.StopAsync(by, parse.GetValue(_reason), cancellationToken);
            result = new { stopped = true, state, killedRuns = killed };
            text = $"Emergency stop set by {state.By} ({stop.FilePath}): every agent process kills its Claude runs and refuses new ones until 'agent stop --clear'.";
        }
        if (parse.GetValue(_json)) Console.WriteJson(result);
        else Console.WriteLine(text);
        return ExitCodes.Success;
    }
}
