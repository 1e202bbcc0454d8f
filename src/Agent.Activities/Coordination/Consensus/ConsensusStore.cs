using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Agent.Activities.Coordination.Messaging;
using Agent.Activities.SelfModification;
using System.Data.Common;
using static Agent.Activities.Coordination.Messaging.CoordinationDatabase;

namespace Agent.Activities.Coordination.Consensus;

/// <summary>A round to open: its key (cycle and gap), target and sizes, and one worktree per candidate.</summary>
public sealed record RoundDraft(string CycleId, string GapKey, string Target, int Reviewers, int Quorum, IReadOnlyList<TaskWorktree> Worktrees);

/// <summary>What the gates said of one candidate.</summary>
public sealed record CandidateGates(string? Implementer, bool Passed, IReadOnlyList<string> Failures, double ImprovementScore, int LinesChanged, string DiffStat);

/// <summary>
/// The consensus rounds, candidates and verdicts in coordination.db. Every write is one transaction and idempotent: a
/// round is keyed by cycle and gap, a candidate by round and position, a verdict by candidate and reviewer, and a
/// decision or close is written once (a re-run after a crash returns what is stored).
/// </summary>
public sealed class ConsensusStore(CoordinationDatabase database, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The round id of <paramref name="cycleId"/> and <paramref name="gapKey"/>: the same pair always gives the same id.</summary>
    public static string RoundId(string cycleId, string gapKey) =>
        "round-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(cycleId + "\n" + gapKey)))[..12];

    /// <summary>The id of the candidate at <paramref name="ordinal"/> (1-based) of <paramref name="roundId"/>; also its implementer task's id.</summary>
    public static string CandidateId(string roundId, int ordinal) => $"{roundId}-c{ordinal}";

    /// <summary>
    /// The task id a candidate's worktree is created for: 5 hex digits of the round and the 2-digit position, because a
    /// task branch is named by the first 8 letters or digits of its task id (WorktreeNames.ShortId), and every
    /// candidate of every round needs its own branch.
    /// </summary>
    public static string WorktreeTaskId(string roundId, int ordinal) =>
        $"{roundId["round-".Length..][..5]}c{ordinal.ToString("00", System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>Stores the round and its candidates (all or none); a round already stored for the same cycle and gap is returned as it stands.</summary>
    /// <exception cref="InvalidConsensusException">The draft is incomplete, or the round exists for another target; nothing was stored.</exception>
    public async Task<ConsensusRound> OpenAsync(RoundDraft draft, CancellationToken cancellationToken)
    {
        Check(draft);
        var id = RoundId(draft.CycleId, draft.GapKey);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        if (await FindAsync(connection, transaction, id, cancellationToken) is { } existing)
        {
            if (existing.Target != draft.Target)
                throw new InvalidConsensusException("target", $"Round {id} (cycle '{draft.CycleId}', gap '{draft.GapKey}') is open on '{existing.Target}', not '{draft.Target}'; use another cycle id for another target.");
            return existing;
        }
        var at = Time(clock.GetUtcNow());
        await ExecuteAsync(connection, transaction, """
            INSERT INTO consensus_rounds (id, cycle_id, gap_key, target, implementers, reviewers, quorum, status, created_at, updated_at)
            VALUES (@id, @cycle, @gap, @target, @n, @k, @quorum, @status, @at, @at)
            """, cancellationToken, ("@id", id), ("@cycle", draft.CycleId), ("@gap", draft.GapKey), ("@target", draft.Target),
            ("@n", draft.Worktrees.Count), ("@k", draft.Reviewers), ("@quorum", draft.Quorum), ("@status", RoundStatuses.Open), ("@at", at));
        for (var i = 0; i < draft.Worktrees.Count; i++)
        {
            await ExecuteAsync(connection, transaction,
                "INSERT INTO consensus_candidates (id, round_id, ordinal, task_id, worktree) VALUES (@id, @round, @ordinal, @task, @worktree)",
                cancellationToken, ("@id", CandidateId(id, i + 1)), ("@round", id), ("@ordinal", i + 1), ("@task", CandidateId(id, i + 1)),
                ("@worktree", JsonSerializer.Serialize(draft.Worktrees[i], Json)));
        }
        var round = (await FindAsync(connection, transaction, id, cancellationToken))!;
        await transaction.CommitAsync(cancellationToken);
        return round;
    }

    /// <summary>Records what the gates said of a candidate, once: a candidate gated already keeps its first result.</summary>
    public async Task<ConsensusCandidate> RecordGatesAsync(string candidateId, CandidateGates gates, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        await ExecuteAsync(connection, transaction, """
            UPDATE consensus_candidates SET gated = 1, implementer = @implementer, gates_passed = @passed, gate_failures = @failures,
                improvement_score = @score, lines_changed = @lines, diff_stat = @stat, gated_at = @at
            WHERE id = @id AND gated = 0
            """, cancellationToken, ("@id", candidateId), ("@implementer", gates.Implementer), ("@passed", gates.Passed ? 1 : 0),
            ("@failures", JsonSerializer.Serialize(gates.Failures, Json)), ("@score", gates.ImprovementScore), ("@lines", gates.LinesChanged),
            ("@stat", gates.DiffStat), ("@at", Time(clock.GetUtcNow())));
        var candidate = (await ConsensusRows.CandidatesAsync(connection, transaction, "WHERE id = @id", cancellationToken, ("@id", candidateId))).FirstOrDefault()
            ?? throw new InvalidConsensusException("candidateId", $"No candidate has id '{candidateId}'; see the round's candidates with 'agent consensus show <round>'.");
        await transaction.CommitAsync(cancellationToken);
        return candidate;
    }

    /// <summary>Records verdicts (all or none); a verdict of the same reviewer on the same candidate recorded before stands. Moves the round to reviewing.</summary>
    /// <exception cref="InvalidConsensusException">A verdict names a candidate not in the round, or no known kind; nothing was stored.</exception>
    public async Task RecordVerdictsAsync(string roundId, IReadOnlyList<CandidateVerdict> verdicts, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        var known = (await ConsensusRows.CandidatesAsync(connection, transaction, "WHERE round_id = @round", cancellationToken, ("@round", roundId))).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var v in verdicts)
        {
            if (!known.Contains(v.CandidateId))
                throw new InvalidConsensusException("candidate", $"Round {roundId} has no candidate '{v.CandidateId}'; its candidates are {string.Join(", ", known.Order())}.");
            if (v.Verdict is not (VerdictKinds.Approve or VerdictKinds.Reject or VerdictKinds.Abstain))
                throw new InvalidConsensusException("verdict", $"Verdict '{v.Verdict}' of {v.Reviewer} on {v.CandidateId} is not approve, reject or abstain.");
        }
        var at = Time(clock.GetUtcNow());
        foreach (var v in verdicts)
        {
            await ExecuteAsync(connection, transaction, """
                INSERT INTO consensus_verdicts (round_id, candidate_id, reviewer, verdict, score, reasons, abstain_reason, at)
                VALUES (@round, @candidate, @reviewer, @verdict, @score, @reasons, @abstain, @at)
                ON CONFLICT (candidate_id, reviewer) DO NOTHING
                """, cancellationToken, ("@round", roundId), ("@candidate", v.CandidateId), ("@reviewer", v.Reviewer), ("@verdict", v.Verdict),
                ("@score", v.Score), ("@reasons", JsonSerializer.Serialize(v.Reasons, Json)), ("@abstain", v.AbstainReason), ("@at", at));
        }
        await SetStatusAsync(connection, transaction, roundId, RoundStatuses.Reviewing, RoundStatuses.Open, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Marks the round as reviewing (no-op once it is further).</summary>
    public async Task MarkReviewingAsync(string roundId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await SetStatusAsync(connection, null, roundId, RoundStatuses.Reviewing, RoundStatuses.Open, cancellationToken);
    }

    /// <summary>Records the selection once; a round decided (or closed) already is returned as it stands.</summary>
    public async Task<ConsensusRound> DecideAsync(string roundId, SelectionDecision decision, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        await ExecuteAsync(connection, transaction, """
            UPDATE consensus_rounds SET status = @decided, selection = @outcome, selected_candidate = @selected, reasoning = @reasoning, updated_at = @at
            WHERE id = @id AND status IN (@open, @reviewing)
            """, cancellationToken, ("@id", roundId), ("@decided", RoundStatuses.Decided), ("@outcome", decision.Outcome.ToString()),
            ("@selected", decision.CandidateId), ("@reasoning", JsonSerializer.Serialize(decision.Reasoning, Json)), ("@at", Time(clock.GetUtcNow())),
            ("@open", RoundStatuses.Open), ("@reviewing", RoundStatuses.Reviewing));
        var round = await FindAsync(connection, transaction, roundId, cancellationToken) ?? throw new UnknownRoundException(roundId);
        await transaction.CommitAsync(cancellationToken);
        return round;
    }

    /// <summary>Closes the round with its final outcome (e.g. Merged, Discarded, Rejected) and merged commit, once.</summary>
    public async Task<ConsensusRound> CloseAsync(string roundId, string outcome, string? mergedCommit, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(outcome)) throw new InvalidConsensusException("outcome", $"Round {roundId}: give the final outcome (e.g. Merged, Discarded, Rejected).");
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        var at = Time(clock.GetUtcNow());
        await ExecuteAsync(connection, transaction, """
            UPDATE consensus_rounds SET status = @closed, outcome = @outcome, merged_commit = @commit, updated_at = @at, closed_at = @at
            WHERE id = @id AND status <> @closed
            """, cancellationToken, ("@id", roundId), ("@closed", RoundStatuses.Closed), ("@outcome", outcome.Trim()),
            ("@commit", string.IsNullOrWhiteSpace(mergedCommit) ? null : mergedCommit.Trim()), ("@at", at));
        var round = await FindAsync(connection, transaction, roundId, cancellationToken) ?? throw new UnknownRoundException(roundId);
        await transaction.CommitAsync(cancellationToken);
        return round;
    }

    /// <summary>The round with <paramref name="roundId"/>, or null.</summary>
    public async Task<ConsensusRound?> FindAsync(string roundId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await FindAsync(connection, null, roundId, cancellationToken);
    }

    /// <summary>The newest rounds first (of <paramref name="cycleId"/> when given), at most <paramref name="take"/>.</summary>
    public async Task<IReadOnlyList<ConsensusRound>> ListAsync(string? cycleId, int take, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ConsensusRows.RoundsAsync(connection, null, "WHERE (CAST(@cycle AS TEXT) IS NULL OR cycle_id = @cycle) ORDER BY created_at DESC, id LIMIT @take",
            cancellationToken, ("@cycle", cycleId), ("@take", take));
    }

    /// <summary>The round's candidates, in order.</summary>
    public async Task<IReadOnlyList<ConsensusCandidate>> CandidatesAsync(string roundId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ConsensusRows.CandidatesAsync(connection, null, "WHERE round_id = @round ORDER BY ordinal", cancellationToken, ("@round", roundId));
    }

    /// <summary>The round's verdicts, by candidate then reviewer.</summary>
    public async Task<IReadOnlyList<CandidateVerdict>> VerdictsAsync(string roundId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ConsensusRows.VerdictsAsync(connection, roundId, cancellationToken);
    }

    private static void Check(RoundDraft draft)
    {
        if (string.IsNullOrWhiteSpace(draft.CycleId)) throw new InvalidConsensusException("cycleId", "Give the cycle (or correlation) id the round belongs to.");
        if (string.IsNullOrWhiteSpace(draft.GapKey)) throw new InvalidConsensusException("gap", "Give the key of the gap the candidates are for.");
        if (string.IsNullOrWhiteSpace(draft.Target)) throw new InvalidConsensusException("target", "Give the target repository the candidates change.");
        if (draft.Worktrees.Count is < 1 or > 16) throw new InvalidConsensusException("implementers", $"A round needs 1 to 16 candidates; got {draft.Worktrees.Count}.");
        if (draft.Reviewers is < 0 or > 16) throw new InvalidConsensusException("reviewers", $"A round takes 0 to 16 reviewers; got {draft.Reviewers}.");
    }

    private static async Task<ConsensusRound?> FindAsync(DbConnection connection, DbTransaction? transaction, string id, CancellationToken cancellationToken) =>
        (await ConsensusRows.RoundsAsync(connection, transaction, "WHERE id = @id", cancellationToken, ("@id", id))).FirstOrDefault();

    private async Task SetStatusAsync(DbConnection connection, DbTransaction? transaction, string roundId, string status, string from, CancellationToken cancellationToken) =>
        await ExecuteAsync(connection, transaction, "UPDATE consensus_rounds SET status = @status, updated_at = @at WHERE id = @id AND status = @from",
            cancellationToken, ("@id", roundId), ("@status", status), ("@from", from), ("@at", Time(clock.GetUtcNow())));

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
