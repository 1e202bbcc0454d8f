namespace Agent.Activities.Coordination.Consensus;

/// <summary>A cycle's consensus rounds for its summary (SummarizeCycle): per round its candidates, verdicts and the rule's reasoning.</summary>
public static class ConsensusCycleSummary
{
    /// <summary>The rounds opened with <paramref name="cycleId"/>, oldest first, as plain values (empty when none).</summary>
    public static async Task<List<Dictionary<string, object?>>> ForCycleAsync(ConsensusStore store, string cycleId, CancellationToken cancellationToken)
    {
        var list = new List<Dictionary<string, object?>>();
        foreach (var round in (await store.ListAsync(cycleId, 100, cancellationToken)).OrderBy(r => r.CreatedAt))
        {
            var candidates = await store.CandidatesAsync(round.Id, cancellationToken);
            var verdicts = await store.VerdictsAsync(round.Id, cancellationToken);
            list.Add(new Dictionary<string, object?>
            {
                ["round"] = round.Id, ["gap"] = round.GapKey, ["status"] = round.Status, ["selection"] = round.Selection, ["outcome"] = round.Outcome,
                ["selectedCandidate"] = round.SelectedCandidate, ["commit"] = round.MergedCommit,
                ["candidates"] = candidates.Select(c => new Dictionary<string, object?>
                {
                    ["id"] = c.Id, ["implementer"] = c.Implementer, ["gatesPassed"] = c.GatesPassed, ["gateFailures"] = c.GateFailures.ToList(),
                    ["improvementScore"] = c.ImprovementScore, ["linesChanged"] = c.LinesChanged,
                    ["verdicts"] = verdicts.Where(v => v.CandidateId == c.Id).Select(v => new Dictionary<string, object?>
                    {
                        ["reviewer"] = v.Reviewer, ["verdict"] = v.Verdict, ["score"] = v.Score, ["reasons"] = v.Reasons.ToList(), ["abstainReason"] = v.AbstainReason,
                    }).ToList(),
                }).ToList(),
                ["reasoning"] = round.Reasoning.ToList(),
            });
        }
        return list;
    }
}
