using Agent.Activities.Coordination.Consensus;
using Agent.Activities.SelfModification;

namespace Agent.Activities.Tests.Coordination.Consensus;

/// <summary>The selection rule: every outcome, every tie-break, K = 0 and a reordered rule.</summary>
[TestClass]
public sealed class CandidateSelectionTests
{
    private static readonly IReadOnlyList<string> Rule = SelectionCriteria.Default;

    internal static ConsensusCandidate Candidate(int ordinal, bool passed = true, double score = 1, int lines = 10) => new()
    {
        Id = $"r-c{ordinal}", RoundId = "r", Ordinal = ordinal, TaskId = $"r-c{ordinal}-impl", Gated = true, GatesPassed = passed,
        GateFailures = passed ? [] : ["no-test-removed: the test file tests/test_calc.py was deleted."], ImprovementScore = score, LinesChanged = lines,
        Worktree = new TaskWorktree { TaskId = $"r-c{ordinal}", TargetRepository = "/repo", Path = $"/wt/{ordinal}", Branch = $"b{ordinal}", TargetBranch = "main", BaseCommit = "abc" },
    };

    private static IEnumerable<CandidateVerdict> Votes(string candidate, string votes) =>
        votes.Select((v, i) => new CandidateVerdict(candidate, $"rev-{i + 1}", v switch { 'a' => VerdictKinds.Approve, 'r' => VerdictKinds.Reject, _ => VerdictKinds.Abstain }, v == '-' ? null : 0.5, []));

    [TestMethod]
    public void Candidates_that_failed_gates_are_dropped_and_the_approved_survivor_is_selected()
    {
        var decision = CandidateSelection.Decide([Candidate(1), Candidate(2, passed: false), Candidate(3, passed: false)],
            [.. Votes("r-c1", "aaa")], 3, 2, Rule);
        Assert.AreEqual(SelectionOutcome.Selected, decision.Outcome);
        Assert.AreEqual("r-c1", decision.CandidateId);
        StringAssert.StartsWith(decision.Reasoning[0], "r-c1: selected");
        Assert.IsTrue(decision.Reasoning.Any(l => l.StartsWith("r-c2: dropped by the gates: no-test-removed", StringComparison.Ordinal)));
        Assert.IsTrue(decision.Reasoning.Any(l => l.StartsWith("r-c3: dropped", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void No_survivor_or_every_survivor_rejected_selects_none()
    {
        var none = CandidateSelection.Decide([Candidate(1, passed: false)], [], 3, 2, Rule);
        Assert.AreEqual(SelectionOutcome.NoneSelected, none.Outcome);
        Assert.IsNull(none.CandidateId);

        var rejected = CandidateSelection.Decide([Candidate(1), Candidate(2)], [.. Votes("r-c1", "rra"), .. Votes("r-c2", "rr-")], 3, 2, Rule);
        Assert.AreEqual(SelectionOutcome.NoneSelected, rejected.Outcome);
        Assert.IsTrue(rejected.Reasoning.Any(l => l.Contains("r-c2: rejected by a majority: 0 approve, 2 reject, 1 abstain", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void Ranking_breaks_on_approvals_then_improvement_then_smallest_diff_and_says_why_each_lost()
    {
        var byApprovals = CandidateSelection.Decide([Candidate(1, score: 9), Candidate(2)], [.. Votes("r-c1", "aar"), .. Votes("r-c2", "aaa")], 3, 2, Rule);
        Assert.AreEqual("r-c2", byApprovals.CandidateId);
        Assert.IsTrue(byApprovals.Reasoning.Contains("r-c1: accepted but lost on approvals (2 against 3)."));

        var byImprovement = CandidateSelection.Decide([Candidate(1, score: 1, lines: 1), Candidate(2, score: 2, lines: 50)], [.. Votes("r-c1", "aaa"), .. Votes("r-c2", "aaa")], 3, 2, Rule);
        Assert.AreEqual("r-c2", byImprovement.CandidateId);
        Assert.IsTrue(byImprovement.Reasoning.Contains("r-c1: accepted but lost on improvement (1 against 2)."));

        var byDiff = CandidateSelection.Decide([Candidate(1, lines: 30), Candidate(2, lines: 8)], [.. Votes("r-c1", "aaa"), .. Votes("r-c2", "aaa")], 3, 2, Rule);
        Assert.AreEqual("r-c2", byDiff.CandidateId);
        Assert.IsTrue(byDiff.Reasoning.Contains("r-c1: accepted but lost on smallest diff (30 lines against 8)."));
    }

    [TestMethod]
    public void Candidates_equal_on_every_criterion_are_a_tie_for_a_human_proposing_the_first()
    {
        var decision = CandidateSelection.Decide([Candidate(2), Candidate(1)], [.. Votes("r-c1", "aa"), .. Votes("r-c2", "aa")], 2, 2, Rule);
        Assert.AreEqual(SelectionOutcome.NeedsHuman, decision.Outcome);
        Assert.AreEqual("r-c1", decision.CandidateId);
        StringAssert.StartsWith(decision.Reasoning[0], "Tie between r-c1, r-c2");
    }

    [TestMethod]
    public void A_split_vote_or_no_quorum_goes_to_a_human_with_the_best_such_candidate()
    {
        var split = CandidateSelection.Decide([Candidate(1)], [.. Votes("r-c1", "ar")], 2, 2, Rule);
        Assert.AreEqual(SelectionOutcome.NeedsHuman, split.Outcome);
        Assert.AreEqual("r-c1", split.CandidateId);
        Assert.IsTrue(split.Reasoning.Contains("r-c1: split vote: 1 approve, 1 reject, 0 abstain."));

        var noQuorum = CandidateSelection.Decide([Candidate(1, score: 1), Candidate(2, score: 3)], [.. Votes("r-c1", "a--"), .. Votes("r-c2", "a--")], 3, 2, Rule);
        Assert.AreEqual(SelectionOutcome.NeedsHuman, noQuorum.Outcome);
        Assert.AreEqual("r-c2", noQuorum.CandidateId, "the better measured of the undecided");
        Assert.IsTrue(noQuorum.Reasoning.Any(l => l.StartsWith("r-c1: no quorum", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void An_accepted_candidate_wins_over_undecided_ones()
    {
        var decision = CandidateSelection.Decide([Candidate(1, score: 5), Candidate(2)], [.. Votes("r-c1", "ar-"), .. Votes("r-c2", "aa-")], 3, 2, Rule);
        Assert.AreEqual(SelectionOutcome.Selected, decision.Outcome);
        Assert.AreEqual("r-c2", decision.CandidateId);
    }

    [TestMethod]
    public void Without_reviewers_the_rule_starts_at_improvement()
    {
        var decision = CandidateSelection.Decide([Candidate(1, score: 1), Candidate(2, score: 2), Candidate(3, passed: false, score: 9)], [], 0, 0, Rule);
        Assert.AreEqual(SelectionOutcome.Selected, decision.Outcome);
        Assert.AreEqual("r-c2", decision.CandidateId);
        StringAssert.Contains(decision.Reasoning[0], "without review by improvement → smallest-diff");

        var tie = CandidateSelection.Decide([Candidate(1), Candidate(2)], [], 0, 0, Rule);
        Assert.AreEqual(SelectionOutcome.NeedsHuman, tie.Outcome);
    }

    [TestMethod]
    public void The_rule_order_is_configurable()
    {
        var candidates = new[] { Candidate(1, score: 5, lines: 100), Candidate(2, score: 1, lines: 5) };
        var verdicts = Votes("r-c1", "aa").Concat(Votes("r-c2", "aa")).ToList();
        Assert.AreEqual("r-c1", CandidateSelection.Decide(candidates, verdicts, 2, 2, Rule).CandidateId);
        Assert.AreEqual("r-c2", CandidateSelection.Decide(candidates, verdicts, 2, 2, [SelectionCriteria.SmallestDiff, SelectionCriteria.Improvement]).CandidateId);
    }
}
