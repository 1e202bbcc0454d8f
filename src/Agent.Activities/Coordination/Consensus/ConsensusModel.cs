namespace Agent.Activities.Coordination.Consensus;

/// <summary>Where a round stands: open (implementers at work) → reviewing → decided → closed.</summary>
public static class RoundStatuses
{
    /// <summary>Candidates are being produced.</summary>
    public const string Open = "open";
    /// <summary>Gated; reviewers asked.</summary>
    public const string Reviewing = "reviewing";
    /// <summary>The selection rule has spoken.</summary>
    public const string Decided = "decided";
    /// <summary>Finished: merged, discarded or rejected.</summary>
    public const string Closed = "closed";
}

/// <summary>A reviewer's word on one candidate.</summary>
public static class VerdictKinds
{
    /// <summary>Merge it.</summary>
    public const string Approve = "approve";
    /// <summary>Do not merge it.</summary>
    public const string Reject = "reject";
    /// <summary>No usable verdict (malformed, missing, late); does not count toward the quorum.</summary>
    public const string Abstain = "abstain";
}

/// <summary>The outcome of a selection.</summary>
public enum SelectionOutcome
{
    /// <summary>One candidate won.</summary>
    Selected,
    /// <summary>A tie, a split vote or no quorum: a human decides on the proposed candidate.</summary>
    NeedsHuman,
    /// <summary>No candidate survived the gates, or every survivor was rejected by a majority.</summary>
    NoneSelected,
}

/// <summary>A consensus round: one gap, N candidates, K reviewers.</summary>
public sealed record ConsensusRound
{
    /// <summary>The id (derived from the cycle id and gap key, so opening it again finds it).</summary>
    public required string Id { get; init; }
    /// <summary>The cycle (or correlation) id.</summary>
    public required string CycleId { get; init; }
    /// <summary>The gap the candidates are for.</summary>
    public required string GapKey { get; init; }
    /// <summary>The target repository.</summary>
    public required string Target { get; init; }
    /// <summary>How many implementers (N).</summary>
    public required int Implementers { get; init; }
    /// <summary>How many reviewers (K).</summary>
    public required int Reviewers { get; init; }
    /// <summary>The quorum in effect for this round.</summary>
    public required int Quorum { get; init; }
    /// <summary>One of <see cref="RoundStatuses"/>.</summary>
    public required string Status { get; init; }
    /// <summary>The selection's outcome (Selected, NeedsHuman, NoneSelected), once decided.</summary>
    public string? Selection { get; init; }
    /// <summary>The final outcome (e.g. Merged, Discarded, Rejected), once closed.</summary>
    public string? Outcome { get; init; }
    /// <summary>The selected (or proposed) candidate.</summary>
    public string? SelectedCandidate { get; init; }
    /// <summary>The selection rule's reasoning, one line per decision.</summary>
    public IReadOnlyList<string> Reasoning { get; init; } = [];
    /// <summary>The commit that landed, when one did.</summary>
    public string? MergedCommit { get; init; }
    /// <summary>When it was opened.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>When it was closed.</summary>
    public DateTimeOffset? ClosedAt { get; init; }
}

/// <summary>One implementer's candidate change.</summary>
public sealed record ConsensusCandidate
{
    /// <summary>The id (<c>{round}-c{ordinal}</c>).</summary>
    public required string Id { get; init; }
    /// <summary>The round.</summary>
    public required string RoundId { get; init; }
    /// <summary>1-based position in the round.</summary>
    public required int Ordinal { get; init; }
    /// <summary>The implementer task's id (the candidate's id).</summary>
    public required string TaskId { get; init; }
    /// <summary>The agent that worked the task, once known.</summary>
    public string? Implementer { get; init; }
    /// <summary>The candidate's worktree.</summary>
    public required SelfModification.TaskWorktree Worktree { get; init; }
    /// <summary>Whether its gates were measured.</summary>
    public bool Gated { get; init; }
    /// <summary>Whether it passed every hard gate (null until gated).</summary>
    public bool? GatesPassed { get; init; }
    /// <summary>The gates it failed, as "gate: reason".</summary>
    public IReadOnlyList<string> GateFailures { get; init; } = [];
    /// <summary>The measured improvement score.</summary>
    public double? ImprovementScore { get; init; }
    /// <summary>Lines added plus deleted.</summary>
    public int? LinesChanged { get; init; }
    /// <summary>The diff stat.</summary>
    public string? DiffStat { get; init; }
}

/// <summary>A recorded verdict of one reviewer on one candidate.</summary>
/// <param name="CandidateId">The candidate.</param>
/// <param name="Reviewer">The reviewer (agent id, or the review task's id when no agent took it).</param>
/// <param name="Verdict">One of <see cref="VerdictKinds"/>.</param>
/// <param name="Score">0 to 1, when given.</param>
/// <param name="Reasons">The reviewer's reasons.</param>
/// <param name="AbstainReason">Why the verdict counts as an abstention.</param>
public sealed record CandidateVerdict(string CandidateId, string Reviewer, string Verdict, double? Score, IReadOnlyList<string> Reasons, string? AbstainReason = null);
