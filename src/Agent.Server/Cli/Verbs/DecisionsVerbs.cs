using Agent.Activities.Safety.Decisions;
using Agent.Server.Cli.Rendering;

namespace Agent.Server.Cli.Verbs;

/// <summary><c>agent decisions list [--take N] [--outcome allow|escalate|deny] [--json]</c>: the newest decision records.</summary>
public sealed class DecisionsListVerb : Verb
{
    private readonly Option<int> _take = CommonOptions.Take("How many records to list, newest first.", 20);
    private readonly Option<string?> _outcome = new("--outcome") { Description = "Only records with this outcome: allow, escalate or deny." };
    private readonly Option<bool> _json = CommonOptions.Json("the decision records");

    /// <summary>Creates the verb.</summary>
    public DecisionsListVerb(CliContext context) : base(context, "list", "List the newest decision records (merge, self-modify, integrate-tool, spend) with their outcome.")
    {
        Command.Add(_take);
        Command.Add(_outcome);
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var take = parse.GetTake(_take);
        DecisionOutcome? outcome = parse.GetValue(_outcome) is { } text
            ? Enum.TryParse<DecisionOutcome>(text, ignoreCase: true, out var o) && !int.TryParse(text, out _) ? o
                : throw new CliUsageException($"--outcome is '{text}'; give allow, escalate or deny.")
            : null;
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var records = await session.Get<DecisionStore>().RecentAsync(take, outcome, cancellationToken);
        if (parse.GetValue(_json)) { Console.WriteJson(records); return ExitCodes.Success; }
        if (records.Count == 0) { Console.WriteLine("No decision records."); return ExitCodes.Success; }
        new DecisionRenderer(Console).WriteList(records);
        return ExitCodes.Success;
    }
}

/// <summary><c>agent decisions show &lt;cycle-id&gt; [--json]</c>: every decision record of a cycle with its principles and evidence.</summary>
public sealed class DecisionsShowVerb : Verb
{
    private readonly Argument<string> _cycle = new("cycle-id") { Description = "The cycle's id (its workflow instance id, see 'agent instances list')." };
    private readonly Option<bool> _json = CommonOptions.Json("the cycle's decision records");

    /// <summary>Creates the verb.</summary>
    public DecisionsShowVerb(CliContext context) : base(context, "show", "Show a cycle's decision records: the principles checked, their evidence, the outcome and why.")
    {
        Command.Add(_cycle);
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var cycle = parse.GetValue(_cycle)!;
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var records = await session.Get<DecisionStore>().ForCycleAsync(cycle, cancellationToken);
        if (records.Count == 0)
            throw new CliUsageException($"Cycle '{cycle}' has no decision records: it made no significant decision (no change passed its gates), or the id is wrong (see 'agent decisions list').");
        if (parse.GetValue(_json)) { Console.WriteJson(records); return ExitCodes.Success; }
        var renderer = new DecisionRenderer(Console);
        foreach (var record in records) renderer.WriteRecord(record);
        return ExitCodes.Success;
    }
}
