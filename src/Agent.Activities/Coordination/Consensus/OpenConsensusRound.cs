using Agent.Activities.Gaps;
using Agent.Activities.SelfModification;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Coordination.Consensus;

/// <summary>
/// Opens a best-of-N round for one gap: N candidate worktrees (TaskWorktrees) and the implementer tasks for them, each
/// with a payload of <c>prompt</c>, <c>cwd</c> (the candidate's worktree) and <c>candidateId</c>, for EnqueueTasks.
/// Keyed by cycle and gap: a re-run after a crash finds the round, its worktrees and its task ids as they were.
/// </summary>
[Activity("Agent", "Consensus", "Opens a best-of-N round: N candidate worktrees and one implementer task each.", DisplayName = "Open Consensus Round")]
public sealed class OpenConsensusRound : IActivity
{
    /// <summary>The cycle.</summary>
    [Input(Description = "The cycle (or correlation) id; with the gap's key it names the round.", Order = 0)]
    public Input<string> CycleId { get; set; } = null!;

    /// <summary>The gap.</summary>
    [Input(Description = "The gap the candidates are for (FindGaps' topGap or one of its gaps).", Order = 1)]
    public Input<Gap> Gap { get; set; } = null!;

    /// <summary>The target repository.</summary>
    [Input(Description = "The git repository the candidates change (BeginCycle's target).", Order = 2)]
    public Input<string> TargetRepository { get; set; } = null!;

    /// <summary>How many implementers; empty = Coordination:Consensus:Implementers.</summary>
    [Input(Description = "How many implementers (1 to 16); empty = Coordination:Consensus:Implementers.", Order = 3)]
    public Input<int?> Implementers { get; set; } = null!;

    /// <summary>Instructions for the implementers beyond the gap.</summary>
    [Input(Description = "Extra instructions for every implementer (e.g. the plan); the gap's title and summary are always given.", UIHint = "MultiLine", Order = 4)]
    public Input<string> Instructions { get; set; } = null!;

    /// <summary>The round's id.</summary>
    [Output(Description = "The round's id (see 'agent consensus show <id>').")]
    public Output<string> RoundId { get; set; } = null!;

    /// <summary>The implementer tasks, for EnqueueTasks.</summary>
    [Output(Description = "One implementer task per candidate: {id, kind, role, payload: {prompt, cwd, candidateId, roundId, gap}, correlationId}.")]
    public Output<List<Dictionary<string, object?>>> Tasks { get; set; } = null!;

    /// <summary>N.</summary>
    [Output(Description = "How many implementers (N): spawn this many.")]
    public Output<int> CandidateCount { get; set; } = null!;

    /// <summary>K.</summary>
    [Output(Description = "How many reviewers (K, Coordination:Consensus:Reviewers).")]
    public Output<int> Reviewers { get; set; } = null!;

    /// <summary>How long reviewers have.</summary>
    [Output(Description = "How long the reviewers have (Coordination:Consensus:QuorumTimeout); also a fair wait for implementers.")]
    public Output<TimeSpan> QuorumTimeout { get; set; } = null!;

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var options = context.GetRequiredService<IOptions<ConsensusOptions>>().Value;
        var gap = context.Get(Gap) ?? throw new WorkflowFaultException($"{context.NodePath}: gap is empty; bind it to FindGaps' topGap.", ActivityInputs.InvalidInputCode);
        var cycle = context.Get(CycleId)?.Trim();
        var target = context.Get(TargetRepository)?.Trim();
        if (string.IsNullOrEmpty(cycle)) throw new WorkflowFaultException($"{context.NodePath}: cycleId is empty; bind it to BeginCycle's cycleId.", ActivityInputs.InvalidInputCode);
        if (string.IsNullOrEmpty(target)) throw new WorkflowFaultException($"{context.NodePath}: targetRepository is empty; bind it to BeginCycle's target.", ActivityInputs.InvalidInputCode);
        var n = context.Get(Implementers) ?? options.Implementers;
        if (n is < 1 or > 16) throw new WorkflowFaultException($"{context.NodePath}: implementers is {n}; give 1 to 16 (0 would produce no candidate).", ActivityInputs.InvalidInputCode);

        var store = context.GetRequiredService<ConsensusStore>();
        var id = ConsensusStore.RoundId(cycle, gap.Key);
        // A round stored already (a re-run after a crash) keeps its candidates; only a new round creates worktrees.
        if (await store.FindAsync(id, context.CancellationToken) is null)
        {
            var worktrees = context.GetRequiredService<TaskWorktrees>();
            var created = new List<TaskWorktree>();
            try
            {
                for (var i = 1; i <= n; i++)
                    created.Add(await worktrees.CreateAsync(target, ConsensusStore.WorktreeTaskId(id, i), gap.Key, context.CancellationToken));
                await store.OpenAsync(new RoundDraft(cycle, gap.Key, target, options.Reviewers, options.EffectiveQuorum, created), context.CancellationToken);
            }
            catch (Exception e) when (e is SelfModificationException or InvalidConsensusException)
            {
                throw new WorkflowFaultException($"{context.NodePath}: {e.Message}", ActivityInputs.InvalidInputCode);
            }
        }
        var round = (await store.FindAsync(id, context.CancellationToken))!;
        var candidates = await store.CandidatesAsync(id, context.CancellationToken);
        var prompt = ImplementerPrompt(gap, context.Get(Instructions));
        context.Set(RoundId, id);
        context.Set(Tasks, [.. candidates.Select(c => new Dictionary<string, object?>
        {
            ["id"] = c.TaskId, ["kind"] = "candidate", ["role"] = "implementer", ["correlationId"] = id,
            ["payload"] = new Dictionary<string, object?> { ["prompt"] = prompt, ["cwd"] = c.Worktree.Path, ["candidateId"] = c.Id, ["roundId"] = id, ["gap"] = gap.Key },
        })]);
        context.Set(CandidateCount, candidates.Count);
        context.Set(Reviewers, round.Reviewers);
        context.Set(QuorumTimeout, options.QuorumTimeout);
        context.WriteLine($"consensus: round {id} for gap {gap.Key}: {candidates.Count} candidate(s), {round.Reviewers} reviewer(s), quorum {round.Quorum}.");
        context.Complete();
    }

    private static string ImplementerPrompt(Gap gap, string? instructions) =>
        $"""
        Close this gap in the repository in your current directory (your own git worktree; other implementers work on the same gap in theirs, and reviewers will compare the candidates):
        {gap.Title}
        {gap.Summary}
        {(string.IsNullOrWhiteSpace(instructions) ? "" : "\n" + instructions.Trim() + "\n")}
        Keep the change small. Do not delete or weaken tests. Do not commit: leave the change in the working tree.
        """;
}
