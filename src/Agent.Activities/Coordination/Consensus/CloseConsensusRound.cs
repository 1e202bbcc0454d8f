namespace Agent.Activities.Coordination.Consensus;

/// <summary>Closes a round with its final outcome (Merged, Discarded, Rejected, Conflict…) and the merged commit, once: a re-run keeps the first close.</summary>
[Activity("Agent", "Consensus", "Closes a consensus round with its final outcome and merged commit.", DisplayName = "Close Consensus Round")]
public sealed class CloseConsensusRound : IActivity
{
    /// <summary>The round.</summary>
    [Input(Description = "The round's id.", Order = 0)]
    public Input<string> RoundId { get; set; } = null!;

    /// <summary>The final outcome.</summary>
    [Input(Description = "The final outcome, e.g. Merged, Discarded, Rejected, Conflict.", Order = 1)]
    public Input<string> Outcome { get; set; } = null!;

    /// <summary>The merged commit.</summary>
    [Input(Description = "The commit that landed (MergeChange's result.commit), or empty.", Order = 2)]
    public Input<string> MergedCommit { get; set; } = null!;

    /// <summary>The round as closed.</summary>
    [Output(Description = "The round as closed.")]
    public Output<ConsensusRound> Round { get; set; } = null!;

    /// <summary>The round in words.</summary>
    [Output(Description = "The round in words: candidates, gates, verdicts, reasoning, outcome.")]
    public Output<string> Summary { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var roundId = context.Get(RoundId)?.Trim() ?? "";
        var store = context.GetRequiredService<ConsensusStore>();
        ConsensusRound round;
        try
        {
            round = await store.CloseAsync(roundId, context.Get(Outcome) ?? "", context.Get(MergedCommit), context.CancellationToken);
        }
        catch (Exception e) when (e is InvalidConsensusException or UnknownRoundException)
        {
            throw new WorkflowFaultException($"{context.NodePath}: {e.Message}", ActivityInputs.InvalidInputCode);
        }
        context.Set(Round, round);
        context.Set(Summary, ConsensusSummary.Text(round, await store.CandidatesAsync(roundId, context.CancellationToken), await store.VerdictsAsync(roundId, context.CancellationToken)));
        context.WriteLine($"consensus: {roundId} closed: {round.Outcome}{(round.MergedCommit is { } c ? $" ({c})" : "")}.");
        context.Complete();
    }
}
