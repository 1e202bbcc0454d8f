using System.Text.Json;
using Agent.Activities.SelfModification;
using System.Data.Common;
using static Agent.Activities.Coordination.Messaging.CoordinationDatabase;

namespace Agent.Activities.Coordination.Consensus;

/// <summary>Reads consensus rows inside a caller's connection (and transaction).</summary>
internal static class ConsensusRows
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<IReadOnlyList<ConsensusRound>> RoundsAsync(DbConnection connection, DbTransaction? transaction, string where, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var command = Command(connection, transaction, $"""
            SELECT id, cycle_id, gap_key, target, implementers, reviewers, quorum, status, outcome, selected_candidate, reasoning,
                   merged_commit, created_at, closed_at, selection FROM consensus_rounds {where}
            """, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<ConsensusRound>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new ConsensusRound
            {
                Id = reader.GetString(0), CycleId = reader.GetString(1), GapKey = reader.GetString(2), Target = reader.GetString(3),
                Implementers = reader.GetInt32(4), Reviewers = reader.GetInt32(5), Quorum = reader.GetInt32(6), Status = reader.GetString(7),
                Outcome = Text(reader, 8), SelectedCandidate = Text(reader, 9), Reasoning = Strings(reader.GetString(10)),
                MergedCommit = Text(reader, 11), CreatedAt = ReadTime(reader, 12)!.Value, ClosedAt = ReadTime(reader, 13), Selection = Text(reader, 14),
            });
        }
        return list;
    }

    public static async Task<IReadOnlyList<ConsensusCandidate>> CandidatesAsync(DbConnection connection, DbTransaction? transaction, string where, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var command = Command(connection, transaction, $"""
            SELECT id, round_id, ordinal, task_id, implementer, worktree, gated, gates_passed, gate_failures, improvement_score,
                   lines_changed, diff_stat FROM consensus_candidates {where}
            """, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<ConsensusCandidate>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new ConsensusCandidate
            {
                Id = reader.GetString(0), RoundId = reader.GetString(1), Ordinal = reader.GetInt32(2), TaskId = reader.GetString(3),
                Implementer = Text(reader, 4), Worktree = JsonSerializer.Deserialize<TaskWorktree>(reader.GetString(5), Json)!,
                Gated = reader.GetInt32(6) == 1, GatesPassed = reader.IsDBNull(7) ? null : reader.GetInt32(7) == 1,
                GateFailures = Strings(reader.GetString(8)), ImprovementScore = reader.IsDBNull(9) ? null : reader.GetDouble(9),
                LinesChanged = reader.IsDBNull(10) ? null : reader.GetInt32(10), DiffStat = Text(reader, 11),
            });
        }
        return list;
    }

    public static async Task<IReadOnlyList<CandidateVerdict>> VerdictsAsync(DbConnection connection, string roundId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, """
            SELECT candidate_id, reviewer, verdict, score, reasons, abstain_reason FROM consensus_verdicts
            WHERE round_id = @round ORDER BY candidate_id, reviewer
            """, ("@round", roundId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<CandidateVerdict>();
        while (await reader.ReadAsync(cancellationToken))
            list.Add(new CandidateVerdict(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetDouble(3),
                Strings(reader.GetString(4)), Text(reader, 5)));
        return list;
    }

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static IReadOnlyList<string> Strings(string json) => JsonSerializer.Deserialize<List<string>>(json, Json) ?? [];
}
