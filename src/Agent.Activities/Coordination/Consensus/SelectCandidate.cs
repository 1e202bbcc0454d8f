using Agent.Activities.SelfModification;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Coordination.Consensus;

/// <summary>
/// Applies the selection rule (<see cref="CandidateSelection"/>, <c>Coordination:Consensus:SelectionRule</c>) to a
/// round's gates and verdicts and records the decision with its reasoning, once: a re-run after a crash outputs the
/// stored decision. Outcomes Selected, NeedsHuman (the proposed candidate's worktree is output) and NoneSelected.
/// </summary>
[Activity("Agent", "Consensus", "Picks at most one candidate by the selection rule and records why.", DisplayName = "Select Candidate")]
[FlowNode(nameof(SelectionOutcome.Selected), nameof(SelectionOutcome.NeedsHuman), nameof(SelectionOutcome.NoneSelected))]
public sealed class SelectCandidate : IActivity
{
    /// <summary>The round.</summary>
    [Input(Description = "The round's id.", Order = 0)]
    public Input<string> RoundId { get; set; } = null!;

    /// <summary>The winner (or proposal).</summary>
    [Output(Description = "The selected candidate's id (or the one proposed to a human); empty when none.")]
    public Output<string> CandidateId { get; set; } = null!;

    /// <summary>Its worktree.</summary>
    [Output(Description = "The selected (or proposed) candidate's worktree, for MergeChange or HumanApproval; null when none.")]
    public Output<TaskWorktree?> Worktree { get; set; } = null!;

    /// <summary>Its diff stat.</summary>
    [Output(Description = "The selected (or proposed) candidate's diff stat.")]
    public Output<string> DiffStat { get; set; } = null!;

    /// <summary>The rule's reasoning.</summary>
    [Output(Description = "Why: the winner first, then why each other candidate lost.")]
    public Output<List<string>> Reasoning { get; set; } = null!;

    /// <summary>The round in words.</summary>
    [Output(Description = "The round in words: candidates, gates, verdicts and reasoning (for HumanApproval's summary).")]
    public Output<string> Summary { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var roundId = context.Get(RoundId)?.Trim() ?? "";
        var store = context.GetRequiredService<ConsensusStore>();
        var round = await store.FindAsync(roundId, context.CancellationToken)
            ?? throw new WorkflowFaultException($"{context.NodePath}: there is no consensus round '{roundId}'; bind roundId to OpenConsensusRound's roundId.", ActivityInputs.InvalidInputCode);
        var candidates = await store.CandidatesAsync(roundId, context.CancellationToken);
        var verdicts = await store.VerdictsAsync(roundId, context.CancellationToken);
        if (round.Status is RoundStatuses.Open or RoundStatuses.Reviewing)
        {
            var rule = context.GetRequiredService<IOptions<ConsensusOptions>>().Value.EffectiveSelectionRule;
            round = await store.DecideAsync(roundId, CandidateSelection.Decide(candidates, verdicts, round.Reviewers, round.Quorum, rule), context.CancellationToken);
        }
        var chosen = candidates.FirstOrDefault(c => c.Id == round.SelectedCandidate);
        context.Set(CandidateId, chosen?.Id ?? "");
        context.Set(Worktree, chosen?.Worktree);
        context.Set(DiffStat, chosen?.DiffStat ?? "");
        context.Set(Reasoning, [.. round.Reasoning]);
        context.Set(Summary, ConsensusSummary.Text(round, candidates, verdicts));
        var outcome = Enum.Parse<SelectionOutcome>(round.Selection!);
        context.WriteLine($"consensus: {roundId}: {outcome}{(chosen is null ? "" : $" {chosen.Id}")}: {round.Reasoning.FirstOrDefault()}");
        context.Complete(outcome.ToString());
    }
}
