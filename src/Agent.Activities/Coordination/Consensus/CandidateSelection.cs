using System.Globalization;

namespace Agent.Activities.Coordination.Consensus;

/// <summary>What the selection decided: the outcome, the winner (or the candidate proposed to a human), and why, one line each.</summary>
/// <param name="Outcome">Selected, NeedsHuman or NoneSelected.</param>
/// <param name="CandidateId">The winner (Selected) or the proposal (NeedsHuman); null for NoneSelected.</param>
/// <param name="Reasoning">Why: the winner first, then why each other candidate lost.</param>
public sealed record SelectionDecision(SelectionOutcome Outcome, string? CandidateId, IReadOnlyList<string> Reasoning);

/// <summary>
/// The selection rule, pure: candidates that failed a gate are dropped; with reviewers, a candidate is accepted when it
/// has at least the quorum of non-abstaining verdicts and more approvals than rejections; accepted candidates are ranked
/// by the configured criteria (approvals desc, improvement desc, lines changed asc by default), and two candidates equal
/// on every criterion are a tie. Ties, split votes and no quorum go to a human with the best such candidate proposed;
/// no survivor, or every survivor rejected by a majority, selects none. Without reviewers (K = 0) every survivor is
/// accepted and the rule starts after <c>approvals</c>.
/// </summary>
public static class CandidateSelection
{
    /// <summary>Decides among <paramref name="candidates"/> given <paramref name="verdicts"/>.</summary>
    /// <param name="candidates">The round's candidates (gated).</param>
    /// <param name="verdicts">Every verdict recorded for them.</param>
    /// <param name="reviewers">K; 0 = no review.</param>
    /// <param name="quorum">Non-abstaining verdicts a candidate needs.</param>
    /// <param name="rule">The ranking criteria in order (see <see cref="SelectionCriteria"/>).</param>
    public static SelectionDecision Decide(IReadOnlyList<ConsensusCandidate> candidates, IReadOnlyList<CandidateVerdict> verdicts, int reviewers, int quorum, IReadOnlyList<string> rule)
    {
        var reasoning = new List<string>();
        foreach (var dropped in candidates.Where(c => c.GatesPassed != true))
            reasoning.Add($"{dropped.Id}: dropped by the gates: {(dropped.GateFailures.Count > 0 ? string.Join("; ", dropped.GateFailures) : "not gated")}.");
        var survivors = candidates.Where(c => c.GatesPassed == true).Select(c => Tally.Of(c, verdicts)).ToList();
        if (survivors.Count == 0)
            return new(SelectionOutcome.NoneSelected, null, [.. reasoning, "No candidate passed the hard gates: none selected."]);

        var criteria = reviewers == 0 ? rule.Where(c => c != SelectionCriteria.Approvals).ToList() : rule.ToList();
        var accepted = new List<Tally>();
        var undecided = new List<Tally>();
        foreach (var t in survivors)
        {
            if (reviewers == 0) { accepted.Add(t); continue; }
            if (t.Counted < quorum) { undecided.Add(t); reasoning.Add($"{t.Id}: no quorum: {t.Votes} — {t.Counted} counted verdict(s), {quorum} needed."); }
            else if (t.Approvals == t.Rejections) { undecided.Add(t); reasoning.Add($"{t.Id}: split vote: {t.Votes}."); }
            else if (t.Rejections > t.Approvals) reasoning.Add($"{t.Id}: rejected by a majority: {t.Votes}.");
            else accepted.Add(t);
        }

        if (accepted.Count > 0)
        {
            var ranked = Rank(accepted, criteria);
            var winner = ranked[0];
            if (ranked.Count > 1 && Compare(ranked[0], ranked[1], criteria) == 0)
            {
                var tied = ranked.Where(t => Compare(t, winner, criteria) == 0).Select(t => t.Id).ToList();
                reasoning.Insert(0, $"Tie between {string.Join(", ", tied)}: equal on every criterion ({Describe(criteria)}; {string.Join("; ", tied.Select(id => ranked.First(t => t.Id == id).Measures))}); a human decides, {winner.Id} proposed (first in order).");
                return new(SelectionOutcome.NeedsHuman, winner.Id, reasoning);
            }
            reasoning.Insert(0, reviewers == 0
                ? $"{winner.Id}: selected without review by {Describe(criteria)} ({winner.Measures})."
                : $"{winner.Id}: selected: accepted ({winner.Votes}), ranked first by {Describe(criteria)} ({winner.Measures}).");
            foreach (var loser in ranked.Skip(1))
                reasoning.Add($"{loser.Id}: accepted but lost on {LosingCriterion(loser, winner, criteria)}.");
            return new(SelectionOutcome.Selected, winner.Id, reasoning);
        }
        if (undecided.Count > 0)
        {
            // The reviewers could not decide: propose the best undecided candidate by the same rule.
            var proposal = Rank(undecided, criteria)[0];
            reasoning.Insert(0, $"No candidate was accepted by the reviewers; a human decides, {proposal.Id} proposed ({proposal.Votes}; {proposal.Measures}).");
            return new(SelectionOutcome.NeedsHuman, proposal.Id, reasoning);
        }
        reasoning.Insert(0, "Every candidate that passed the gates was rejected by a majority of reviewers: none selected.");
        return new(SelectionOutcome.NoneSelected, null, reasoning);
    }

    private static List<Tally> Rank(List<Tally> tallies, IReadOnlyList<string> criteria)
    {
        var list = tallies.OrderBy(t => t.Ordinal).ToList();
        // A stable sort keeps the round's order among equals, so a tie proposes the first candidate.
        return [.. list.Order(Comparer<Tally>.Create((a, b) => Compare(a, b, criteria)))];
    }

    // Negative when a ranks before b.
    private static int Compare(Tally a, Tally b, IReadOnlyList<string> criteria)
    {
        foreach (var criterion in criteria)
        {
            var c = CompareOn(a, b, criterion);
            if (c != 0) return c;
        }
        return 0;
    }

    private static int CompareOn(Tally a, Tally b, string criterion) => criterion switch
    {
        SelectionCriteria.Approvals => b.Approvals.CompareTo(a.Approvals),
        SelectionCriteria.Improvement => b.Improvement.CompareTo(a.Improvement),
        SelectionCriteria.SmallestDiff => a.Lines.CompareTo(b.Lines),
        _ => throw new ArgumentException($"'{criterion}' is not a selection criterion; use {string.Join(", ", SelectionCriteria.Default)}.", nameof(criterion)),
    };

    private static string LosingCriterion(Tally loser, Tally winner, IReadOnlyList<string> criteria)
    {
        var criterion = criteria.First(c => CompareOn(loser, winner, c) != 0);
        return criterion switch
        {
            SelectionCriteria.Approvals => $"approvals ({loser.Approvals} against {winner.Approvals})",
            SelectionCriteria.Improvement => $"improvement ({Number(loser.Improvement)} against {Number(winner.Improvement)})",
            _ => $"smallest diff ({loser.Lines} lines against {winner.Lines})",
        };
    }

    private static string Describe(IReadOnlyList<string> criteria) => criteria.Count == 0 ? "no criterion" : string.Join(" → ", criteria);

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private sealed record Tally(string Id, int Ordinal, int Approvals, int Rejections, int Abstentions, double Improvement, int Lines)
    {
        public int Counted => Approvals + Rejections;
        public string Votes => $"{Approvals} approve, {Rejections} reject, {Abstentions} abstain";
        public string Measures => $"{Id}: {Approvals} approvals, improvement {Number(Improvement)}, {Lines} lines";

        public static Tally Of(ConsensusCandidate c, IReadOnlyList<CandidateVerdict> verdicts)
        {
            var mine = verdicts.Where(v => v.CandidateId == c.Id).ToList();
            return new(c.Id, c.Ordinal, mine.Count(v => v.Verdict == VerdictKinds.Approve), mine.Count(v => v.Verdict == VerdictKinds.Reject),
                mine.Count(v => v.Verdict == VerdictKinds.Abstain), c.ImprovementScore ?? 0, c.LinesChanged ?? 0);
        }
    }
}
