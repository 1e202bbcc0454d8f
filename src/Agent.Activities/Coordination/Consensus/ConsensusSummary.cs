using System.Globalization;
using System.Text;

namespace Agent.Activities.Coordination.Consensus;

/// <summary>A round in words: each candidate with its gates and measures, each verdict, and the rule's reasoning (for HumanApproval, the CLI and the cycle summary).</summary>
public static class ConsensusSummary
{
    /// <summary>The lines describing <paramref name="round"/>.</summary>
    public static IReadOnlyList<string> Lines(ConsensusRound round, IReadOnlyList<ConsensusCandidate> candidates, IReadOnlyList<CandidateVerdict> verdicts)
    {
        var lines = new List<string>
        {
            $"Consensus round {round.Id} (gap {round.GapKey}, cycle {round.CycleId}): {round.Status}{(round.Selection is { } d ? $", {d}" : "")}{(round.Outcome is { } o ? $" → {o}" : "")}"
            + $"{(round.SelectedCandidate is { } s ? $", candidate {s}" : "")}{(round.MergedCommit is { } c ? $", commit {c}" : "")}; "
            + $"{candidates.Count} candidate(s), {round.Reviewers} reviewer(s), quorum {round.Quorum}.",
        };
        foreach (var candidate in candidates)
        {
            var gates = candidate.GatesPassed switch
            {
                true => "passed the gates",
                false => "failed: " + string.Join("; ", candidate.GateFailures),
                null => "not gated",
            };
            var measures = candidate.GatesPassed is null ? "" : $", improvement {(candidate.ImprovementScore ?? 0).ToString("0.###", CultureInfo.InvariantCulture)}, {candidate.LinesChanged ?? 0} lines";
            lines.Add($"  {candidate.Id} by {candidate.Implementer ?? "(no agent yet)"}: {gates}{measures}");
            foreach (var v in verdicts.Where(v => v.CandidateId == candidate.Id))
            {
                var score = v.Score is { } x ? $" {x.ToString("0.##", CultureInfo.InvariantCulture)}" : "";
                var why = v.Verdict == VerdictKinds.Abstain ? v.AbstainReason : string.Join("; ", v.Reasons);
                lines.Add($"    {v.Reviewer}: {v.Verdict}{score}{(string.IsNullOrWhiteSpace(why) ? "" : $" — {why}")}");
            }
        }
        if (round.Reasoning.Count > 0)
        {
            lines.Add("  Reasoning:");
            lines.AddRange(round.Reasoning.Select(r => "    " + r));
        }
        return lines;
    }

    /// <summary>The lines as one text.</summary>
    public static string Text(ConsensusRound round, IReadOnlyList<ConsensusCandidate> candidates, IReadOnlyList<CandidateVerdict> verdicts)
    {
        var text = new StringBuilder();
        foreach (var line in Lines(round, candidates, verdicts)) text.AppendLine(line);
        return text.ToString().TrimEnd();
    }
}
