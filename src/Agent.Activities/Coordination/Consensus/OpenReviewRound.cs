using Agent.Activities.Gaps;
using Agent.Activities.SelfModification;
using Agent.Activities.Validation;

namespace Agent.Activities.Coordination.Consensus;

/// <summary>
/// Opens a consensus round for one change that is already made and validated (a risky single change): its one candidate
/// is the given worktree, recorded as having passed the gates with Validate's score and diff, so consensus-review can
/// judge it. Keyed by cycle and gap like every round, so a re-run stores nothing twice.
/// </summary>
[Activity("Agent", "Consensus", "Opens a review round for one validated change (its worktree is the only candidate).", DisplayName = "Open Review Round")]
public sealed class OpenReviewRound : IActivity
{
    /// <summary>The cycle.</summary>
    [Input(Description = "The cycle id.", Order = 0)]
    public Input<string> CycleId { get; set; } = null!;

    /// <summary>The gap.</summary>
    [Input(Description = "The gap the change closes.", Order = 1)]
    public Input<Gap> Gap { get; set; } = null!;

    /// <summary>The change's worktree.</summary>
    [Input(Description = "The change's worktree (CreateWorktree's output).", Order = 2)]
    public Input<TaskWorktree> Worktree { get; set; } = null!;

    /// <summary>Validate's result.</summary>
    [Input(Description = "Validate's result (score, lines changed, diff stat).", Order = 3)]
    public Input<ValidationReport> Validation { get; set; } = null!;

    /// <summary>The round.</summary>
    [Output(Description = "The round's id, for consensus-review.")]
    public Output<string> RoundId { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var worktree = context.Require(Worktree, "CreateWorktree's worktree");
        var gap = context.Get(Gap) ?? throw new WorkflowFaultException($"{context.NodePath}: gap is empty; bind it to FindGaps' topGap.", ActivityInputs.InvalidInputCode);
        var report = context.Get(Validation) ?? throw new WorkflowFaultException($"{context.NodePath}: validation is empty; bind it to Validate's result.", ActivityInputs.InvalidInputCode);
        var options = context.GetRequiredService<Microsoft.Extensions.Options.IOptions<ConsensusOptions>>().Value;
        var store = context.GetRequiredService<ConsensusStore>();
        ConsensusRound round;
        try
        {
            round = await store.OpenAsync(new RoundDraft(context.Get(CycleId)?.Trim() ?? "", gap.Key, worktree.TargetRepository, options.Reviewers, options.EffectiveQuorum, [worktree]), context.CancellationToken);
        }
        catch (InvalidConsensusException e)
        {
            throw new WorkflowFaultException($"{context.NodePath}: {e.Field}: {e.Message}", ActivityInputs.InvalidInputCode);
        }
        await store.RecordGatesAsync(ConsensusStore.CandidateId(round.Id, 1),
            new CandidateGates(null, true, [], report.ImprovementScore, report.LinesChanged, report.DiffStat ?? ""), context.CancellationToken);
        context.Set(RoundId, round.Id);
        context.Complete();
    }
}
