namespace Agent.Activities.Coordination.Consensus;

/// <summary>
/// The cycle outcome of a coordinated cycle from its consensus rounds: <c>merged</c> when any round merged, else
/// <c>discarded</c> when any round closed, else <c>no-gap</c>; the reason has one line per round. For EndCycle.
/// </summary>
[Activity("Agent", "Consensus", "Derives the cycle outcome (merged, discarded, no-gap) and reason from the cycle's consensus rounds.", DisplayName = "Consensus Outcome")]
public sealed class ConsensusOutcome : IActivity
{
    /// <summary>The cycle.</summary>
    [Input(Description = "The cycle id the rounds were opened with.", Order = 0)]
    public Input<string> CycleId { get; set; } = null!;

    /// <summary>The cycle outcome.</summary>
    [Output(Description = "merged, discarded or no-gap (for EndCycle's outcome).")]
    public Output<string> Outcome { get; set; } = null!;

    /// <summary>Why, per round.</summary>
    [Output(Description = "One line per round: gap, selection, final outcome, commit.")]
    public Output<string> Reason { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var rounds = await context.GetRequiredService<ConsensusStore>().ListAsync(context.Get(CycleId)?.Trim() ?? "", 100, context.CancellationToken);
        var outcome = rounds.Any(r => r.Outcome == "Merged") ? "merged"
            : rounds.Count > 0 ? "discarded" : "no-gap";
        var reason = rounds.Count == 0 ? "no consensus round was opened"
            : string.Join("; ", rounds.OrderBy(r => r.CreatedAt).Select(r => $"{r.GapKey}: {r.Selection ?? "undecided"} → {r.Outcome ?? "open"}{(r.MergedCommit is { } c ? $" ({c[..Math.Min(12, c.Length)]})" : "")}"));
        context.Set(Outcome, outcome);
        context.Set(Reason, reason);
        context.Complete();
    }
}
