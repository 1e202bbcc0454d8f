using Agent.Activities.Coordination.Consensus;

namespace Agent.Server.Cli.Verbs;

/// <summary><c>agent consensus list [--cycle id] [--take N] [--json]</c>: the consensus rounds, newest first.</summary>
public sealed class ConsensusListVerb : Verb
{
    private readonly Option<string?> _cycle = new("--cycle") { Description = "Only the rounds of this cycle (its id)." };
    private readonly Option<int> _take = CommonOptions.Take("How many rounds to show, newest first.", 50);
    private readonly Option<bool> _json = CommonOptions.Json("the rounds");

    /// <summary>Creates the verb.</summary>
    public ConsensusListVerb(CliContext context) : base(context, "list", "List the consensus rounds: gap, status, selection, final outcome, the selected candidate and the merged commit.")
    {
        Command.Add(_cycle);
        Command.Add(_take);
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var take = parse.GetTake(_take);
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var rounds = await session.Get<ConsensusStore>().ListAsync(parse.GetValue(_cycle)?.Trim(), take, cancellationToken);
        if (parse.GetValue(_json)) { Console.WriteJson(rounds); return ExitCodes.Success; }
        if (rounds.Count == 0) { Console.WriteLine("No consensus rounds yet."); return ExitCodes.Success; }
        foreach (var r in rounds)
            Console.WriteLine($"{r.Id}  {r.CreatedAt:u}  {r.GapKey}  {r.Status}  {r.Selection ?? "-"} → {r.Outcome ?? "-"}  {r.SelectedCandidate ?? "-"}  {r.MergedCommit ?? ""}".TrimEnd());
        return ExitCodes.Success;
    }
}

/// <summary><c>agent consensus show &lt;round&gt; [--json]</c>: one round with its candidates, verdicts and the rule's reasoning.</summary>
public sealed class ConsensusShowVerb : Verb
{
    private readonly Argument<string> _id = new("round-id") { Description = "The round's id (see 'agent consensus list')." };
    private readonly Option<bool> _json = CommonOptions.Json("the round, its candidates and verdicts");

    /// <summary>Creates the verb.</summary>
    public ConsensusShowVerb(CliContext context) : base(context, "show", "Show a consensus round: each candidate (implementer, gates, improvement, lines changed), each reviewer's verdict and reasons, and why the rule chose as it did.")
    {
        Command.Add(_id);
        Command.Add(_json);
    }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var id = parse.GetValue(_id)?.Trim() ?? "";
        await using var session = await Context.OpenAsync(parse, cancellationToken);
        var store = session.Get<ConsensusStore>();
        var round = await store.FindAsync(id, cancellationToken) ?? throw new UnknownRoundException(id);
        var candidates = await store.CandidatesAsync(id, cancellationToken);
        var verdicts = await store.VerdictsAsync(id, cancellationToken);
        if (parse.GetValue(_json)) { Console.WriteJson(new { round, candidates, verdicts }); return ExitCodes.Success; }
        foreach (var line in ConsensusSummary.Lines(round, candidates, verdicts)) Console.WriteLine(line);
        return ExitCodes.Success;
    }
}
