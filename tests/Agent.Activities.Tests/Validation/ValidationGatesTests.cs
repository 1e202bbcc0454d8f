using Agent.Activities.Gaps;
using Agent.Activities.Goals;
using Agent.Activities.SelfModification;
using Agent.Activities.Tests.SelfModification;
using Agent.Activities.Validation;
using Microsoft.Extensions.Options;

namespace Agent.Activities.Tests.Validation;

[TestClass]
public sealed class ValidationGatesTests
{
    private static readonly Measurement Before = new()
    {
        TestsPassed = 9, TestsFailed = 1, TestsTotal = 10, Warnings = 2, FailingTests = ["CalcTests.Adds"],
        Metrics = new Dictionary<string, double> { [MetricCatalog.CoverageLinePercent] = 50, [MetricCatalog.TodoCount] = 4 },
    };

    private static readonly Gap Gap = GapClosureTests.FailingTestGap("CalcTests.Adds");

    private static readonly Measurement Fixed = Before with
    {
        TestsPassed = 10, TestsFailed = 0, FailingTests = [], PassingTests = ["CalcTests.Adds"], Metrics = new Dictionary<string, double> { [MetricCatalog.CoverageLinePercent] = 52, [MetricCatalog.TodoCount] = 3 },
    };

    public TestContext TestContext { get; set; } = null!;

    private static ValidationGates Gates(ValidationOptions? options = null) => new(Options.Create(options ?? new ValidationOptions()));

    private static WorktreeDiff Diff(params FileChange[] files) => new(files, "");

    private static FileChange Modified(string path, string before, string after) =>
        new(path, null, FileChangeKind.Modified, 1, 1, false) { Before = before, After = after };

    [TestMethod]
    public void A_fix_passes_every_gate_and_scores_by_the_documented_formula()
    {
        var result = Gates().Evaluate(Gap, Before, Fixed, Diff(Modified("src/Calc.cs", "class C { }", "class C { int X() => 1; }")));

        Assert.IsTrue(result.Passed, string.Join("; ", result.Failures));
        Assert.AreEqual(10, result.Gates.Count);
        Assert.IsTrue(result.GapClosure.Closed, result.GapClosure.Evidence);
        // 10 × (1 − 0) + 1 × (10 − 9) + 0.5 × 0 + 20 × 0 + 1.0 × (52 − 50) − 0.2 × (3 − 4)
        Assert.AreEqual(13.2, result.ImprovementScore, 1e-9);
    }

    [TestMethod]
    public void A_new_failing_test_fails_the_gate_whatever_the_score()
    {
        var after = Fixed with { TestsPassed = 9, TestsFailed = 1, FailingTests = ["CalcTests.Subtracts"], Metrics = new Dictionary<string, double> { [MetricCatalog.CoverageLinePercent] = 95 } };
        var result = Gates().Evaluate(Gap, Before, after, Diff(Modified("src/Calc.cs", "class C { }", "class C { }")));

        Assert.IsFalse(result.Passed);
        Assert.IsTrue(result.ImprovementScore > 0, "a high score does not open a failed gate");
        CollectionAssert.Contains(result.Failures.ToList(), "no-new-failing-test: test 'CalcTests.Subtracts' fails after the change and did not before.");
    }

    [TestMethod]
    public void More_failures_without_names_and_a_broken_build_fail()
    {
        var result = Gates().Evaluate(Gap, Before, Before with { TestsFailed = 3, FailingTests = [], BuildSucceeded = false }, Diff());
        Assert.IsFalse(result.Gates.Single(g => g.Gate == GateNames.NoNewFailingTest).Passed);
        Assert.IsFalse(result.Gates.Single(g => g.Gate == GateNames.BuildSucceeds).Passed);
    }

    [TestMethod]
    public void Deleting_or_moving_away_a_test_file_or_losing_tests_fails()
    {
        var deleted = new FileChange("tests/CalcTests.cs", null, FileChangeKind.Deleted, 0, 20, false) { Before = "class T {}" };
        var moved = new FileChange("docs/old.txt", "src/App.Tests/OldTests.cs", FileChangeKind.Renamed, 0, 0, false);
        var result = Gates().Evaluate(Gap, Before, Fixed with { TestsTotal = 8 }, Diff(deleted, moved));

        var gate = result.Gates.Single(g => g.Gate == GateNames.NoTestRemoved);
        Assert.IsFalse(gate.Passed);
        Assert.AreEqual(3, gate.Reasons.Count, string.Join("; ", gate.Reasons));
        StringAssert.Contains(gate.Reasons[0], "test file 'tests/CalcTests.cs' was deleted");
        StringAssert.Contains(gate.Reasons[2], "2 test(s) fewer");
    }

    [TestMethod]
    public void Weakened_assertions_and_new_skips_fail_in_each_language()
    {
        var cs = Modified("src/Calc.Tests/CalcTests.cs",
            "class T { void A() { Assert.AreEqual(3, Calc.Add(1, 2)); x.Should().Be(1); } }",
            "class T { void A() { /* Assert.AreEqual(3, Calc.Add(1, 2)); */ x.Should().Be(1); } }");
        var py = Modified("tests/test_calc.py", "def test_add():\n    assert add(1, 2) == 3\n", "@pytest.mark.skip\ndef test_add():\n    assert add(1, 2) == 3\n");
        var ts = Modified("web/calc.test.ts", "it('adds', () => { expect(add(1,2)).toBe(3); });", "it('adds', () => { // expect(add(1,2)).toBe(3);\n});");
        var same = Modified("tests/CalcMoreTests.cs", "class T { void A() { Assert.IsTrue(true); } }", "class T { void A() { Assert.IsTrue(1 == 1); } }");

        var gate = Gates().Evaluate(Gap, Before, Fixed, Diff(cs, py, ts, same)).Gates.Single(g => g.Gate == GateNames.NoAssertionWeakened);

        Assert.IsFalse(gate.Passed);
        CollectionAssert.AreEqual(new[]
        {
            "'src/Calc.Tests/CalcTests.cs' has 1 assertion(s) after the change, 2 before.",
            "'tests/test_calc.py' skips 1 more test(s) than before.",
            "'web/calc.test.ts' has 0 assertion(s) after the change, 1 before.",
        }, gate.Reasons.ToList());
    }

    [TestMethod]
    public void Protected_paths_are_configurable_globs()
    {
        var options = new ValidationOptions { ProtectedPaths = ["secrets/**", "**/*.pem"] };
        var result = Gates(options).Evaluate(Gap, Before, Fixed, Diff(Modified("secrets/prod.json", "{}", "{}"), Modified("src/key.pem", "a", "b"), Modified("src/ok.cs", "", "")));

        var gate = result.Gates.Single(g => g.Gate == GateNames.ProtectedPathsUntouched);
        Assert.AreEqual(2, gate.Reasons.Count);
        StringAssert.Contains(gate.Reasons[0], "'secrets/prod.json' is protected by 'secrets/**'");
        Assert.IsTrue(Gates(options).Evaluate(Gap, Before, Fixed, Diff(Modified("src/ok.cs", "", ""))).Passed);
    }

    [TestMethod]
    public void A_changed_file_that_does_not_parse_fails_with_its_line()
    {
        var result = Gates().Evaluate(Gap, Before, Fixed, Diff(
            Modified("src/Calc.cs", "class C { }", "class C {\n  int X( => 1;\n"),
            Modified("config/settings.json", "{}", "{ \"a\": }")));

        var gate = result.Gates.Single(g => g.Gate == GateNames.DiffParses);
        Assert.IsFalse(gate.Passed);
        StringAssert.StartsWith(gate.Reasons[0], "src/Calc.cs(2,");
        Assert.IsTrue(gate.Reasons.Any(r => r.StartsWith("config/settings.json: not valid JSON", StringComparison.Ordinal)));
    }

    [TestMethod]
    public async Task On_a_real_worktree_deleting_the_failing_test_to_fix_it_is_rejected()
    {
        using var repo = new TempGitRepository();
        var wt = await repo.Worktrees.CreateAsync(repo.Path_, "task-cheat", "failing test", TestContext.CancellationToken);
        File.Delete(Path.Combine(wt.Path, "tests/CalcTests.cs"));
        var diff = await repo.Diffs.ReadAsync(wt, TestContext.CancellationToken);

        var result = Gates().Evaluate(Gap, Before, Fixed with { TestsTotal = 9 }, diff);

        Assert.IsFalse(result.Passed);
        CollectionAssert.Contains(result.Failures.ToList(), "no-test-removed: test file 'tests/CalcTests.cs' was deleted.");
    }

    [TestMethod]
    public async Task On_a_real_worktree_a_weakened_assertion_is_rejected_and_a_real_fix_passes()
    {
        using var repo = new TempGitRepository();
        var weak = await repo.Worktrees.CreateAsync(repo.Path_, "task-weak", "failing test", TestContext.CancellationToken);
        repo.Write("tests/CalcTests.cs", "public class CalcTests { void T() { } }\n", weak.Path);
        var good = await repo.Worktrees.CreateAsync(repo.Path_, "task-good", "failing test", TestContext.CancellationToken);
        repo.Write("src/Calc.cs", "public static class Calc { public static int Add(int a, int b) => b + a; }\n", good.Path);

        var weakResult = Gates().Evaluate(Gap, Before, Fixed, await repo.Diffs.ReadAsync(weak, TestContext.CancellationToken));
        var goodResult = Gates().Evaluate(Gap, Before, Fixed, await repo.Diffs.ReadAsync(good, TestContext.CancellationToken));

        CollectionAssert.AreEqual(new[] { "no-assertion-weakened: 'tests/CalcTests.cs' has 0 assertion(s) after the change, 1 before." }, weakResult.Failures.ToList());
        Assert.IsTrue(goodResult.Passed, string.Join("; ", goodResult.Failures));
    }
}
