using Agent.Activities.SelfModification;

namespace Agent.Activities.Coordination.Consensus;

/// <summary>
/// Removes the worktree and branch of every candidate of a round except the one kept (the merged one, whose worktree
/// MergeChange removed already). Discarding is idempotent, so a re-run after a crash finishes what was left.
/// </summary>
[Activity("Agent", "Consensus", "Discards every candidate worktree of a round except the kept one.", DisplayName = "Discard Candidates")]
public sealed class DiscardCandidates : IActivity
{
    /// <summary>The round.</summary>
    [Input(Description = "The round's id.", Order = 0)]
    public Input<string> RoundId { get; set; } = null!;

    /// <summary>The candidate to keep.</summary>
    [Input(Description = "The candidate to keep (the merged one); empty = discard all.", Order = 1)]
    public Input<string> Keep { get; set; } = null!;

    /// <summary>The candidates discarded.</summary>
    [Output(Description = "The ids of the candidates whose worktrees were removed.")]
    public Output<List<string>> Discarded { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var roundId = context.Get(RoundId)?.Trim() ?? "";
        var store = context.GetRequiredService<ConsensusStore>();
        _ = await store.FindAsync(roundId, context.CancellationToken)
            ?? throw new WorkflowFaultException($"{context.NodePath}: there is no consensus round '{roundId}'; bind roundId to OpenConsensusRound's roundId.", ActivityInputs.InvalidInputCode);
        var keep = context.Get(Keep)?.Trim();
        var worktrees = context.GetRequiredService<TaskWorktrees>();
        var discarded = new List<string>();
        foreach (var candidate in await store.CandidatesAsync(roundId, context.CancellationToken))
        {
            if (candidate.Id == keep) continue;
            await worktrees.DiscardAsync(candidate.Worktree, context.CancellationToken);
            discarded.Add(candidate.Id);
        }
        context.Set(Discarded, discarded);
        context.Complete();
    }
}
