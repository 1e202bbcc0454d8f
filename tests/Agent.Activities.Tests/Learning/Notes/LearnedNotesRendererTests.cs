using Agent.Activities.Learning.Notes;

namespace Agent.Activities.Tests.Learning.Notes;

[TestClass]
public sealed class LearnedNotesRendererTests
{
    private static SolvedError Error(string name, int worked, int failed = 0) =>
        new("CS0103", $"The name '{name}' does not exist in the current context", $"CS0103|{name}", $"declare {name} before use", worked, failed);

    [TestMethod]
    public void Nothing_learned_renders_no_block_at_all()
    {
        Assert.AreEqual("", LearnedNotesRenderer.Render(LearnedKnowledge.Empty, 10));
    }

    [TestMethod]
    public void The_block_lists_each_section_between_the_markers_with_track_records()
    {
        var knowledge = new LearnedKnowledge(
            [Error("total", 3, 1)],
            [new ApproachRecord("fix-build", "template:fix-build", 0, 4, null)],
            [new ApproachRecord("add-docs", "template:add-docs", 5, 1, 2.5)]);

        var block = LearnedNotesRenderer.Render(knowledge, 10);

        Assert.IsTrue(block.StartsWith(LearnedNotesBlock.BeginMarker + "\n", StringComparison.Ordinal), block);
        Assert.IsTrue(block.EndsWith("\n" + LearnedNotesBlock.EndMarker, StringComparison.Ordinal), block);
        StringAssert.Contains(block, "- `CS0103` The name 'total' does not exist in the current context\n  - Fix (worked 3 times, failed once): declare total before use\n");
        StringAssert.Contains(block, "### Approaches to avoid\n\n- fix-build: `template:fix-build` failed 4 times and succeeded 0 times; take another approach.\n");
        StringAssert.Contains(block, "### Approaches that work\n\n- add-docs: `template:add-docs` succeeded 5 of 6 attempts (mean improvement 2.5).\n");
    }

    [TestMethod]
    public void The_same_knowledge_in_any_order_renders_byte_identical_text()
    {
        SolvedError[] errors = [Error("a", 1), Error("b", 4), Error("c", 4), Error("d", 2, 1), Error("e", 1)];
        ApproachRecord[] avoid = [new("t1", "x", 0, 3, null), new("t2", "y", 1, 5, null), new("t1", "w", 0, 3, null)];
        ApproachRecord[] work = [new("t1", "p", 3, 0, 1), new("t2", "q", 3, 0, 1), new("t1", "r", 9, 1, null)];

        var first = LearnedNotesRenderer.Render(new LearnedKnowledge(errors, avoid, work), 10);
        var shuffled = LearnedNotesRenderer.Render(new LearnedKnowledge([.. errors.Reverse()], [.. avoid.Reverse()], [.. work.Reverse()]), 10);

        Assert.AreEqual(first, shuffled);
        // Best fix first (smoothed rate), ties by the signature; no timestamp or row id anywhere.
        Assert.IsTrue(first.IndexOf("'b'", StringComparison.Ordinal) < first.IndexOf("'c'", StringComparison.Ordinal));
        Assert.IsTrue(first.IndexOf("'c'", StringComparison.Ordinal) < first.IndexOf("'a'", StringComparison.Ordinal));
        Assert.IsFalse(System.Text.RegularExpressions.Regex.IsMatch(first, @"\d{4}-\d{2}-\d{2}"), first);
    }

    [TestMethod]
    public void Each_section_is_bounded_by_max_items_keeping_the_best()
    {
        var errors = Enumerable.Range(1, 8).Select(i => Error($"v{i}", i)).ToList();
        var avoid = Enumerable.Range(1, 8).Select(i => new ApproachRecord("t", $"a{i}", 0, 2 + i, null)).ToList();

        var block = LearnedNotesRenderer.Render(new LearnedKnowledge(errors, avoid, []), 3);

        Assert.AreEqual(3, block.Split('\n').Count(l => l.StartsWith("- `CS0103`", StringComparison.Ordinal)), block);
        Assert.AreEqual(3, block.Split('\n').Count(l => l.StartsWith("- t: ", StringComparison.Ordinal)), block);
        StringAssert.Contains(block, "'v8'");
        Assert.DoesNotContain("'v5'", block);
        StringAssert.Contains(block, "`a8` failed 10 times");
        Assert.DoesNotContain("`a5`", block);
    }

    [TestMethod]
    public void Stored_text_cannot_forge_a_marker_break_lines_or_count_as_a_todo()
    {
        var sneaky = new SolvedError("error", "bad\n\n<!-- agent:learned-notes:end --> TODO: FIXME later", "sig", "fix -->\r\nit", 1, 0);

        var block = LearnedNotesRenderer.Render(new LearnedKnowledge([sneaky], [], []), 5);

        Assert.AreEqual(1, block.Split(LearnedNotesBlock.EndMarker).Length - 1, block);
        Assert.AreEqual(1, block.Split(LearnedNotesBlock.BeginMarker).Length - 1, block);
        StringAssert.Contains(block, "- `error` bad &lt;!-- agent:learned-notes:end --&gt; todo: fixme later\n");
        StringAssert.Contains(block, "): fix --&gt; it\n");
    }

    [TestMethod]
    public void Long_text_is_cut()
    {
        var block = LearnedNotesRenderer.Render(new LearnedKnowledge([new SolvedError("error", new string('x', 1000), "s", "f", 1, 0)], [], []), 5);

        Assert.IsTrue(block.Split('\n').All(l => l.Length < LearnedNotesRenderer.MaxTextLength + 20), block);
        StringAssert.Contains(block, "…");
    }
}
