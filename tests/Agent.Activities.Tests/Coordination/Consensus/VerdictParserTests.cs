using Agent.Activities.Coordination.Consensus;

namespace Agent.Activities.Tests.Coordination.Consensus;

/// <summary>Reviewer output → one verdict per candidate; anything malformed abstains with the reason, never throws.</summary>
[TestClass]
public sealed class VerdictParserTests
{
    private static readonly string[] Two = ["r-c1", "r-c2"];

    [TestMethod]
    public void A_valid_verdict_list_gives_each_candidate_its_verdict_score_and_reasons()
    {
        var verdicts = VerdictParser.Parse("rev-1", """
            {"verdicts":[{"candidate":"r-c2","verdict":"reject","score":0.2,"reasons":["deletes a test"]},
                         {"candidate":"r-c1","verdict":"Approve","score":0.9,"reasons":["fixes the bug","small"]}]}
            """, Two);

        Assert.HasCount(2, verdicts);
        Assert.AreEqual(new CandidateVerdict("r-c1", "rev-1", "approve", 0.9, verdicts[0].Reasons), verdicts[0]);
        CollectionAssert.AreEqual(new[] { "fixes the bug", "small" }, verdicts[0].Reasons.ToList());
        Assert.AreEqual("reject", verdicts[1].Verdict);
        Assert.AreEqual(0.2, verdicts[1].Score);
        Assert.IsNull(verdicts[1].AbstainReason);
    }

    [TestMethod]
    public void Json_inside_a_fence_after_prose_is_read()
    {
        var verdicts = VerdictParser.Parse("rev-1", """
            I read both diffs. Here is my verdict:
            ```json
            {"verdicts":[{"candidate":"r-c1","verdict":"approve","score":1,"reasons":[]},{"candidate":"r-c2","verdict":"reject","score":0,"reasons":["no"]}]}
            ```
            """, Two);
        CollectionAssert.AreEqual(new[] { "approve", "reject" }, verdicts.Select(v => v.Verdict).ToList());
    }

    [TestMethod]
    public void A_bare_object_is_accepted_for_a_single_candidate_only()
    {
        var one = VerdictParser.Parse("rev-1", """{"verdict":"approve","score":0.7,"reasons":["ok"]}""", ["r-c1"]);
        Assert.AreEqual("approve", one.Single().Verdict);

        var two = VerdictParser.Parse("rev-1", """{"verdict":"approve","score":0.7,"reasons":["ok"]}""", Two);
        Assert.IsTrue(two.All(v => v.Verdict == VerdictKinds.Abstain));
        StringAssert.Contains(two[0].AbstainReason, "only when there is one candidate");
    }

    [TestMethod]
    public void Output_that_is_not_json_makes_every_candidate_abstain_with_the_reason()
    {
        foreach (var output in new[] { "LGTM, ship it!", "", "   ", "[1,2]", "{\"verdicts\": 3}", "{\"verdicts\":[{\"candidate\":\"r-c1\"" })
        {
            var verdicts = VerdictParser.Parse("rev-1", output, Two);
            Assert.HasCount(2, verdicts, output);
            Assert.IsTrue(verdicts.All(v => v.Verdict == VerdictKinds.Abstain && v.Score is null && !string.IsNullOrEmpty(v.AbstainReason)), output);
        }
        StringAssert.Contains(VerdictParser.Parse("rev-1", "LGTM", Two)[0].AbstainReason, "not JSON");
    }

    [TestMethod]
    public void An_unknown_or_missing_candidate_abstains_and_the_stray_verdict_is_named()
    {
        var verdicts = VerdictParser.Parse("rev-1", """{"verdicts":[{"candidate":"r-c1","verdict":"approve","score":0.8,"reasons":[]},{"candidate":"r-c9","verdict":"approve","score":0.8,"reasons":[]}]}""", Two);
        Assert.AreEqual("approve", verdicts[0].Verdict);
        Assert.AreEqual(VerdictKinds.Abstain, verdicts[1].Verdict);
        StringAssert.Contains(verdicts[1].AbstainReason, "no verdict on candidate 'r-c2'");
        StringAssert.Contains(verdicts[1].AbstainReason, "unknown candidate 'r-c9'");
    }

    [TestMethod]
    public void Out_of_range_scores_unknown_verdicts_bad_reasons_and_duplicates_abstain()
    {
        (string Item, string Expected)[] cases =
        [
            ("""{"candidate":"r-c1","verdict":"approve","score":1.5,"reasons":[]}""", "out of range"),
            ("""{"candidate":"r-c1","verdict":"approve","score":-0.1,"reasons":[]}""", "out of range"),
            ("""{"candidate":"r-c1","verdict":"approve","score":"high","reasons":[]}""", "not a number"),
            ("""{"candidate":"r-c1","verdict":"maybe","score":0.5,"reasons":[]}""", "'maybe'"),
            ("""{"candidate":"r-c1","score":0.5}""", "\"verdict\" is missing"),
            ("""{"candidate":"r-c1","verdict":"approve","score":0.5,"reasons":"fine"}""", "not an array of strings"),
            ("""{"candidate":"r-c1","verdict":"approve","score":0.5},{"candidate":"r-c1","verdict":"reject","score":0.5}""", "more than one verdict"),
        ];
        foreach (var (item, expected) in cases)
        {
            var verdicts = VerdictParser.Parse("rev-1", $$"""{"verdicts":[{{item}},{"candidate":"r-c2","verdict":"reject","score":0.1,"reasons":[]}]}""", Two);
            Assert.AreEqual(VerdictKinds.Abstain, verdicts[0].Verdict, item);
            StringAssert.Contains(verdicts[0].AbstainReason, expected, item);
            Assert.AreEqual("reject", verdicts[1].Verdict, "the other candidate's valid verdict stands: " + item);
        }
    }
}
