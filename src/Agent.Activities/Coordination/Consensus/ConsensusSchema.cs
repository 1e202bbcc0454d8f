namespace Agent.Activities.Coordination.Consensus;

/// <summary>The consensus tables of coordination.db (rounds, candidates, verdicts); every write is keyed so a re-run after a crash writes nothing twice.</summary>
public static class ConsensusSchema
{
    /// <summary>The DDL, appended to <see cref="Messaging.CoordinationDatabase"/>'s schema.</summary>
    public const string Sql = """

        -- One round per cycle and gap: opening it again (a re-run after a crash) finds the same round.
        CREATE TABLE IF NOT EXISTS consensus_rounds (
            id TEXT PRIMARY KEY, cycle_id TEXT NOT NULL, gap_key TEXT NOT NULL, target TEXT NOT NULL,
            implementers INTEGER NOT NULL, reviewers INTEGER NOT NULL, quorum INTEGER NOT NULL, status TEXT NOT NULL,
            selection TEXT, outcome TEXT, selected_candidate TEXT, reasoning TEXT NOT NULL DEFAULT '[]', merged_commit TEXT,
            created_at TEXT NOT NULL, updated_at TEXT NOT NULL, closed_at TEXT,
            UNIQUE (cycle_id, gap_key));
        CREATE TABLE IF NOT EXISTS consensus_candidates (
            id TEXT PRIMARY KEY, round_id TEXT NOT NULL REFERENCES consensus_rounds (id), ordinal INTEGER NOT NULL,
            task_id TEXT NOT NULL, implementer TEXT, worktree TEXT NOT NULL, gated INTEGER NOT NULL DEFAULT 0,
            gates_passed INTEGER, gate_failures TEXT NOT NULL DEFAULT '[]', improvement_score REAL, lines_changed INTEGER,
            diff_stat TEXT, gated_at TEXT, UNIQUE (round_id, ordinal));
        -- One verdict per reviewer and candidate: the first one recorded stands.
        CREATE TABLE IF NOT EXISTS consensus_verdicts (
            round_id TEXT NOT NULL REFERENCES consensus_rounds (id), candidate_id TEXT NOT NULL REFERENCES consensus_candidates (id),
            reviewer TEXT NOT NULL, verdict TEXT NOT NULL, score REAL, reasons TEXT NOT NULL, abstain_reason TEXT, at TEXT NOT NULL,
            PRIMARY KEY (candidate_id, reviewer));
        CREATE INDEX IF NOT EXISTS ix_consensus_verdicts_round ON consensus_verdicts (round_id);
        """;
}
